/**
 * JMH benchmarks of the workloads in ../shared/BENCHMARKS.md and {@link dev.descent.bench.Report},
 * which runs them back to back and prints medians, ranges and multiples of the measured floors.
 */
package dev.descent.bench;
