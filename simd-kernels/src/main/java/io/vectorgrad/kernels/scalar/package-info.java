/** Plain-Java kernels: the fallback when the Vector API is missing, and the baseline for tests and benchmarks. */
package io.vectorgrad.kernels.scalar;
