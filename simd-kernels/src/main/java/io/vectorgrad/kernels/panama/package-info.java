/**
 * The JDK Vector API ({@code jdk.incubator.vector}) kernels. This is the only package that imports the
 * incubator module (a test enforces it); vector shapes come from {@code VectorConstants}. Kernels keep
 * vectors in locals (no {@code FloatVector} fields or arrays, which box) and finish with scalar tails
 * instead of masks, which are slow on JDK 17 without AVX-512. Float lane sums go through {@code LaneSums}
 * (one fixed order in every JIT tier), never an ADD {@code reduceLanes}.
 *
 * <p>GEMM: {@code PanamaGemm} (paths and threading), {@code PanamaGemmPack} (packing with zero padding),
 * {@code PanamaGemmKernel} (the MR×NR register tile), {@code PanamaGemv} (m == 1 or n == 1),
 * {@code PanamaGemmSmall} (tiny products) and {@code PanamaGemmWorkspace} (per-thread buffers).
 */
package io.vectorgrad.kernels.panama;
