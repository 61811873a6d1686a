package io.vectorgrad.kernels.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The one place that picks vector shapes; every Panama kernel reads its species from here. */
final class VectorConstants {
  private VectorConstants() {}

  /** The widest float species the CPU runs natively (8 lanes on AVX2, 16 on AVX-512). */
  static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  /** Lanes in {@link #FLOATS}. */
  static final int LANES = FLOATS.length();

  // GEMM (PanamaGemm): register tile, cache blocks and path thresholds.
  /** Rows of the GEMM register micro-tile (one broadcast element of packed A per row). */
  static final int GEMM_MR = 6;
  /** Columns of the GEMM register micro-tile: two vectors, so MR×2 accumulators stay in registers. */
  static final int GEMM_NR = 2 * LANES;
  /** Depth of one packed k-block; C(i, j) is summed block by block in this fixed order. */
  static final int GEMM_KC = 256;
  /** Rows of op(A) packed at once (a multiple of {@link #GEMM_MR}); the packed block lives in L2. */
  static final int GEMM_MC = 16 * GEMM_MR;
  /** Columns of op(B) packed at once (a multiple of {@link #GEMM_NR}); the packed panel lives in L2/L3. */
  static final int GEMM_NC = 32 * GEMM_NR;
  /** Below this m·n·k the GEMM runs on the calling thread only: waking workers would cost more. */
  static final long GEMM_PARALLEL_MIN_VOLUME = 1L << 18;
  /** Up to this m·n·k the GEMM skips packing and runs the direct small-matrix kernel. */
  static final long GEMM_SMALL_MAX_VOLUME = 1L << 12;
  /** Work items per thread when a GEMM is split: a little slack balances noisy cores. */
  static final int GEMM_TASKS_PER_THREAD = 2;

  // element-wise and activations

  /** Floats per block of whole rows that softmax keeps in L1 across its passes (16 KiB). */
  static final int SOFTMAX_BLOCK_FLOATS = 4096;

  /** Softmax rows at least this long run row by row; shorter ones run flat over blocks of rows. */
  static final int SOFTMAX_MIN_ROW_VECTOR_COLS = 2 * LANES;
}
