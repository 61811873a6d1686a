/**
 * The JDK Vector API ({@code jdk.incubator.vector}) kernels. This is the only package that imports the
 * incubator module (a test enforces it); vector shapes come from {@code VectorConstants}. Kernels keep
 * vectors in locals (no {@code FloatVector} fields or arrays, which box) and finish with scalar tails
 * instead of masks, which are slow on JDK 17 without AVX-512.
 */
package io.vectorgrad.kernels.panama;
