/**
 * Learning-rate schedules: {@link dev.descent.schedule.Schedule} ({@code double at(long step)}) at
 * the root, one file per schedule beside it.
 */
package dev.descent.schedule;
