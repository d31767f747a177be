/** Allocation-free {@code double[]} kernels: dot products, norms, axpy. */
package dev.descent.vector;
