/**
 * Learning-rate schedules: {@link dev.descent.schedule.Schedule} ({@code double at(baseRate, step)},
 * an immutable value) and {@link dev.descent.schedule.ScheduleState} (one run's rates and
 * observations) at the root, one file per schedule beside them; {@link dev.descent.schedule.Schedules}
 * is every schedule as a spec string ({@code onecycle:total=200,pct=0.25}) and the table of their keys.
 */
package dev.descent.schedule;
