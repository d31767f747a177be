/**
 * JMH benchmarks of the workloads W1-W6 (their runner is
 * {@link dev.descent.bench.Workloads}) and {@link dev.descent.bench.Report},
 * which runs them back to back and prints medians, ranges and multiples of the measured floors.
 */
package dev.descent.bench;
