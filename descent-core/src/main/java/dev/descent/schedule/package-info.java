/**
 * Learning-rate schedules: {@link dev.descent.schedule.Schedule} ({@code double at(baseRate, step)},
 * an immutable value) and {@link dev.descent.schedule.ScheduleState} (one run's rates and
 * observations) at the root, one file per schedule beside them.
 */
package dev.descent.schedule;
