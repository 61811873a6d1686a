package io.vectorgrad.kernels.panama;

import io.vectorgrad.kernels.spi.CpuInfo;
import io.vectorgrad.kernels.spi.GemmBlocking;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The one place that picks vector shapes; every Panama kernel reads its species from here. */
final class VectorConstants {
  private VectorConstants() {}

  /** The widest float species the CPU runs natively (8 lanes on AVX2, 16 on AVX-512). */
  static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  /** Lanes in {@link #FLOATS}. */
  static final int LANES = FLOATS.length();
  /** Int lanes of the same shape, the target of bit reinterpretations. */
  static final VectorSpecies<Integer> INTS = FLOATS.withLanes(int.class);

  // GEMM (PanamaGemm): register tile, cache blocks and path thresholds.

  /** System property forcing the register tile: {@code 6x2} or {@code 3x3} (rows × vectors). */
  static final String GEMM_TILE_PROPERTY = "vectorgrad.gemm.tile";
  /** 6 rows × 2 vectors: 12 accumulators. */
  static final int TILE_6X2 = 0;
  /** 3 rows × 3 vectors: 9 accumulators. */
  static final int TILE_3X3 = 1;
  /**
   * The register tile: 6 rows × 2 vectors (12 accumulators, 2 B vectors, broadcasts of A) on every width,
   * with the A micro-panel by rows. On AVX2 (16 ymm registers) that leaves almost no register free, and
   * whether C2 keeps every accumulator in a register depends on the kernel's exact form and on the JDK:
   * the same tile with A by steps ({@code ap[p·MR + r]}) ran at 141 GFLOPS on JDK 17 (Zen 5,
   * -XX:UseAVX=2) but 68 on JDK 25, whose C2 hoists one more broadcast and spills an accumulator to the
   * stack inside the k loop (a store and a load on its FMA chain; seen in the generated code), while A by
   * rows (six streams) compiles spill-free on both (about 141). {@code -Dvectorgrad.gemm.tile=3x3} selects
   * 3 rows × 3 vectors (9 accumulators, A by steps), which leaves registers free on any JDK (130 on both)
   * but packs a non-transposed A more slowly: a fallback for a JDK that spills the 6×2 kernel.
   */
  static final int GEMM_TILE = chooseTile(System.getProperty(GEMM_TILE_PROPERTY));
  /** Rows of the GEMM register micro-tile (one broadcast element of packed A per row). */
  static final int GEMM_MR = GEMM_TILE == TILE_3X3 ? 3 : 6;
  /** Columns of the GEMM register micro-tile: whole vectors. */
  static final int GEMM_NR = (GEMM_TILE == TILE_3X3 ? 3 : 2) * LANES;
  /**
   * Layout of a packed A micro-panel: by rows ({@code ap[r·kc + p]}, a non-transposed A packs by plain row
   * copies) for the 6×2 tile, by steps ({@code ap[p·MR + r]}, one stream) for 3×3.
   */
  static final boolean GEMM_A_BY_ROWS = GEMM_TILE == TILE_6X2;
  /**
   * Below this m·n·k (128³, about 40 µs on one core) the GEMM runs on the calling thread only: waking
   * workers and splitting the packing would cost more than they save.
   */
  static final long GEMM_PARALLEL_MIN_VOLUME = 1L << 21;
  /** Up to this m·n·k the GEMM skips packing and runs the direct small-matrix kernel. */
  static final long GEMM_SMALL_MAX_VOLUME = 1L << 12;
  /**
   * KC, MC and NC, derived from the tile and this machine's caches once at start
   * ({@link GemmBlocking#choose}; {@code -Dvectorgrad.gemm.kc/mc/nc} override them).
   */
  static final GemmBlocking GEMM_BLOCKING = GemmBlocking.choose(
      GEMM_MR + "x" + GEMM_NR + (GEMM_A_BY_ROWS ? " (A by rows)" : ""), GEMM_MR, GEMM_NR,
      GEMM_SMALL_MAX_VOLUME, GEMM_PARALLEL_MIN_VOLUME, CpuInfo.get(), System::getProperty);
  /** Depth of one packed k-block (k is cut into equal blocks of at most this); see {@link GemmBlocking}. */
  static final int GEMM_KC = GEMM_BLOCKING.kc();
  /** Rows of op(A) packed at once (a multiple of {@link #GEMM_MR}): the A block is L2-resident. */
  static final int GEMM_MC = GEMM_BLOCKING.mc();
  /** Columns of op(B) packed at once (a multiple of {@link #GEMM_NR}): the B panel is in this CPU's L3 share. */
  static final int GEMM_NC = GEMM_BLOCKING.nc();
  /**
   * Relative cost per element (about picoseconds on Zen 5, both widths) of packing by copies (rows of a
   * non-transposed A or B, and the plain write-back of C), of a transposing pack, and of writing C
   * transposed; {@link PanamaGemm#cheaperAsTranspose} weighs them to pick between C and Cᵀ.
   * Measured: copies 8-14 floats/ns, transposing packs 2.5-4, transposed writes 1-1.7 (the last set
   * higher, 1600, so that 128×256×784 A·Wᵀ stays direct, where that measured faster; 32 rows go Cᵀ).
   */
  static final long GEMM_COST_COPY = 100;
  /** See {@link #GEMM_COST_COPY}. */
  static final long GEMM_COST_TRANSPOSED_PACK = 300;
  /** See {@link #GEMM_COST_COPY}. */
  static final long GEMM_COST_TRANSPOSED_WRITE = 1600;
  /** Property that fixes the work items per thread of every split GEMM. */
  static final String GEMM_TASKS_PER_THREAD_PROPERTY = "vectorgrad.gemm.tasksPerThread";
  /**
   * Work items per thread when a GEMM that reads A in place is split: a little slack balances noisy cores.
   * {@code -Dvectorgrad.gemm.tasksPerThread=N} overrides this and {@link #GEMM_PACKED_TASKS_PER_THREAD}.
   */
  static final int GEMM_TASKS_PER_THREAD = Math.max(1, Integer.getInteger(GEMM_TASKS_PER_THREAD_PROPERTY, 2));
  /**
   * The same for a GEMM that packs A or sums Cᵀ in a buffer: every task repeats that work for its strip,
   * so one task per thread is faster (2 threads, Zen 5: 256×784×128 TN +8%, 256×1024×1024 TN +16%,
   * 128×256×128 TN +34%, 32×256×784 NT +16%; NN with A in place lost 3–4% at one task per thread).
   */
  static final int GEMM_PACKED_TASKS_PER_THREAD = Math.max(1, Integer.getInteger(GEMM_TASKS_PER_THREAD_PROPERTY, 1));

  // element-wise and activations

  /** Floats per block of whole rows that softmax keeps in L1 across its passes (16 KiB). */
  static final int SOFTMAX_BLOCK_FLOATS = 4096;

  /** Softmax rows at least this long run row by row; shorter ones run flat over blocks of rows. */
  static final int SOFTMAX_MIN_ROW_VECTOR_COLS = 2 * LANES;

  /**
   * The forced tile, or 6×2.
   *
   * @throws IllegalArgumentException when the property is neither {@code 6x2} nor {@code 3x3}
   */
  static int chooseTile(String forced) {
    if (forced == null) {
      return TILE_6X2;
    }
    switch (forced.trim().toLowerCase(Locale.ROOT)) {
      case "6x2":
        return TILE_6X2;
      case "3x3":
        return TILE_3X3;
      default:
        throw new IllegalArgumentException("-D" + GEMM_TILE_PROPERTY + "=" + forced
            + ": expected 6x2 or 3x3 (register tile rows x vectors)");
    }
  }
}
