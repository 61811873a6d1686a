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
  /**
   * Layout of a packed A micro-panel: by rows ({@code ap[r·kc + p]}, packed by plain row copies) with
   * 16 lanes, by steps ({@code ap[p·MR + r]}, one stream for the kernel) with 8. Measured on Zen 4:
   * the 8-lane kernel over six row streams ran at about 57 GFLOPS against 104 by steps, while with
   * 16 lanes both kernels run alike and row packing is several times cheaper.
   */
  static final boolean GEMM_A_BY_ROWS = LANES >= 16;
  /**
   * Depth of one packed k-block (k is cut into equal blocks of at most this); C(i, j) is summed block by
   * block in this fixed order. 400 with 16 lanes measured a few percent faster than 256 on Zen 4 (fewer
   * passes over C; the 400×512 B panel still fits the 1 MiB L2); 8 lanes keep 256 (smaller L2 on AVX2 parts).
   */
  static final int GEMM_KC = LANES >= 16 ? 400 : 256;
  /** Rows of op(A) packed at once (a multiple of {@link #GEMM_MR}): 96 rows × KC, L2-resident. */
  static final int GEMM_MC = 16 * GEMM_MR;
  /**
   * Columns of op(B) packed at once (512, a multiple of {@link #GEMM_NR}): the KC×NC panel stays in L2
   * while every MR-row micro-panel of A (6×KC floats, L1) sweeps across it.
   */
  static final int GEMM_NC = 512 / GEMM_NR * GEMM_NR;
  /**
   * Below this m·n·k (128³, about 40 µs on one core) the GEMM runs on the calling thread only: waking
   * workers and splitting the packing would cost more than they save.
   */
  static final long GEMM_PARALLEL_MIN_VOLUME = 1L << 21;
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
