package io.vectorgrad.kernels.panama;

import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_COST_COPY;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_COST_TRANSPOSED_PACK;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_COST_TRANSPOSED_WRITE;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_KC;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_MC;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_MR;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_NC;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_NR;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_PACKED_TASKS_PER_THREAD;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_PARALLEL_MIN_VOLUME;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_SMALL_MAX_VOLUME;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_TASKS_PER_THREAD;

import io.vectorgrad.kernels.spi.GemmSupport;
import io.vectorgrad.kernels.spi.WorkerPool;

/**
 * Vector API sgemm, BLIS style. Paths, chosen by shape only (never by thread count):
 * <ul>
 *   <li>{@code n == 1} or {@code m == 1}: matrix-vector ({@link PanamaGemv});
 *   <li>{@code m·n·k <= GEMM_SMALL_MAX_VOLUME}: a direct loop without packing ({@link PanamaGemmSmall});
 *   <li>otherwise the packed, blocked path: k is cut into equal blocks of at most {@code GEMM_KC}; per
 *       block, panels of op(B) ({@code KC×NC}) and blocks of alpha·op(A) ({@code MC×KC}) are packed into
 *       per-thread buffers with zero padding, and the {@code MR×NR} register kernel
 *       ({@link PanamaGemmKernel}) always runs full tiles; only the valid part of C is written.
 * </ul>
 *
 * <p>Determinism: every C element is computed by one thread as {@code beta·C + Σ_block (Σ_p a·b)}, with
 * the k-blocks and the p order fixed by k and KC alone; threads only split C into disjoint rectangles. So the
 * bits do not depend on {@code threads}.
 */
final class PanamaGemm implements GemmSupport {
  /** The 6×2 kernel writes full tiles of C itself (+10% at k = 32, a little at larger k). */
  /** Side of the blocks in which Cᵀ is copied into C. */
  private static final int TRANSPOSE_BLOCK = 16;
  /** The 6×2 kernel reads a non-transposed A with alpha == 1 in place (by rows is its stored layout). */
  private static final boolean READ_A_IN_PLACE = VectorConstants.GEMM_A_BY_ROWS;
  private static final boolean FUSED_WRITE = VectorConstants.GEMM_TILE == VectorConstants.TILE_6X2;
  private static final ThreadLocal<GemmJob> JOBS = ThreadLocal.withInitial(GemmJob::new);

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc, int threads) {
    if (n == 1) {
      // C(i, 0) = beta·C + alpha·Σ_p op(A)(i, p)·op(B)(p, 0)
      PanamaGemv.gemv(transA, m, k, alpha, a, aOff, lda, b, bOff, transB ? 1 : ldb, beta, c, cOff, ldc);
      return;
    }
    if (m == 1) {
      // Row vector times matrix = (op(B)ᵀ · op(A)ᵀ)ᵀ: op(B)ᵀ is stored untransposed exactly when transB.
      PanamaGemv.gemv(!transB, n, k, alpha, b, bOff, ldb, a, aOff, transA ? lda : 1, beta, c, cOff, 1);
      return;
    }
    long volume = (long) m * n * k;
    if (volume <= GEMM_SMALL_MAX_VOLUME) {
      PanamaGemmSmall.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    int t = volume < GEMM_PARALLEL_MIN_VOLUME ? 1 : threads;
    GemmJob job = JOBS.get();
    if (transB && cheaperAsTranspose(transA, m, n, k, alpha == 1f, beta != 0f)) {
      // Cᵀ = op(B)ᵀ·op(A)ᵀ, summed in a per-thread buffer and transposed into C once: the same products in
      // the same p order and the same roundings (only alpha·b·a instead of alpha·a·b), chosen by shape alone.
      job.set(!transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc, true);
    } else {
      job.set(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, false);
    }
    try {
      int tasks = job.split(t);
      if (tasks == 1) {
        job.accept(0);
      } else {
        WorkerPool.shared().run(tasks, t, job);
      }
    } finally {
      job.clear();
    }
  }

  /**
   * Whether {@code C = op(A)·op(B)} (transB) costs less in packing and write-back when computed as
   * {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}: that swaps which operand needs the transposing pack, and Cᵀ is summed in
   * a buffer, then written into C transposed (and first read from it when beta != 0). Costs per element
   * from {@link VectorConstants#GEMM_COST_COPY} and friends: e.g. 32×256×784 A·Wᵀ transposes the
   * 32×784 A instead of the 256×784 W, which is read in place.
   */
  static boolean cheaperAsTranspose(boolean transA, int m, int n, int k, boolean alphaIsOne, boolean readsC) {
    long kBlocks = (k + GEMM_KC - 1) / GEMM_KC;
    long mn = (long) m * n;
    // the A side costs nothing when read in place (non-transposed, alpha == 1)
    long rowsOfA = READ_A_IN_PLACE && alphaIsOne ? 0 : GEMM_COST_COPY;
    long direct = (transA ? GEMM_COST_TRANSPOSED_PACK : rowsOfA) * (long) m * k
        + GEMM_COST_TRANSPOSED_PACK * (long) n * k + GEMM_COST_COPY * mn * kBlocks;
    // Cᵀ: the A side is the stored B (non-transposed), the B side op(A)ᵀ (transposing unless transA)
    long swapped = rowsOfA * (long) n * k + (transA ? GEMM_COST_COPY : GEMM_COST_TRANSPOSED_PACK) * (long) m * k
        + GEMM_COST_COPY * mn * kBlocks + GEMM_COST_TRANSPOSED_WRITE * mn * (readsC ? 2 : 1);
    return swapped < direct;
  }


  /** One call's arguments and its split of C into tasks; reused per calling thread (no allocation). */
  static final class GemmJob implements java.util.function.IntConsumer {
    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private float alpha;
    private float[] a;
    private int aOff;
    private int lda;
    private float[] b;
    private int bOff;
    private int ldb;
    private float beta;
    private float[] c;
    private int cOff;
    private int ldc;
    /** The job computes Cᵀ: its (i, j) is C(j, i). */
    private boolean transposedC;
    private int rowSplits;
    private int colSplits;

    void set(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
        float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, boolean transposedC) {
      this.transposedC = transposedC;
      this.transA = transA;
      this.transB = transB;
      this.m = m;
      this.n = n;
      this.k = k;
      this.alpha = alpha;
      this.a = a;
      this.aOff = aOff;
      this.lda = lda;
      this.b = b;
      this.bOff = bOff;
      this.ldb = ldb;
      this.beta = beta;
      this.c = c;
      this.cOff = cOff;
      this.ldc = ldc;
    }

    void clear() {
      a = null;
      b = null;
      c = null;
    }

    /** With alpha == 1 a non-transposed A already is the 6×2 kernel's by-rows layout: no copy needed. */
    private boolean readsAInPlace() {
      return READ_A_IN_PLACE && !transA && alpha == 1f;
    }

    /**
     * Cuts C into {@code colSplits} strips of whole NR panels (preferred: each strip packs its own B once)
     * and, when that gives too few tasks, each strip into {@code rowSplits} bands of whole MR panels.
     */
    int split(int threads) {
      int colPanels = (n + GEMM_NR - 1) / GEMM_NR;
      int rowPanels = (m + GEMM_MR - 1) / GEMM_MR;
      if (threads == 1) {
        rowSplits = 1;
        colSplits = 1;
        return 1;
      }
      int target = threads * (!readsAInPlace() || transposedC ? GEMM_PACKED_TASKS_PER_THREAD : GEMM_TASKS_PER_THREAD);
      // Every strip packs all of A, every band all of B: when A's packing costs more per row than B's does
      // per column (a transposed A against a B of less than three times its rows), cut rows first
      // (128×256×128 TN on 2 threads: +9%, A/B in one JVM; 256×1024×1024 TN stays in strips). Strips are at
      // least two panels wide, or one when A fits in one MC block (then every strip's pass over A hits the
      // L2): 128×128×256 A·Wᵀ on 2 threads as 4 strips, not 2 strips × 2 bands (+18%, A/B in one JVM).
      long aPack = readsAInPlace() ? 0 : (transA ? GEMM_COST_TRANSPOSED_PACK : GEMM_COST_COPY) * (long) m;
      long bPack = (transB ? GEMM_COST_TRANSPOSED_PACK : GEMM_COST_COPY) * (long) n;
      int bands = Math.min(target, rowPanels / 4);
      if (aPack > bPack && bands >= 2) {
        rowSplits = bands;
        colSplits = Math.max(1, Math.min((target + bands - 1) / bands, colPanels / 2));
      } else {
        colSplits = Math.max(1, Math.min(target, m <= GEMM_MC ? colPanels : colPanels / 2));
        rowSplits = Math.max(1, Math.min((target + colSplits - 1) / colSplits, rowPanels / 4));
      }
      return rowSplits * colSplits;
    }

    @Override
    public void accept(int task) {
      int rs = task % rowSplits;
      int cs = task / rowSplits;
      int rowPanels = (m + GEMM_MR - 1) / GEMM_MR;
      int colPanels = (n + GEMM_NR - 1) / GEMM_NR;
      int i0 = (int) ((long) rowPanels * rs / rowSplits) * GEMM_MR;
      int i1 = Math.min(m, (int) ((long) rowPanels * (rs + 1) / rowSplits) * GEMM_MR);
      int j0 = (int) ((long) colPanels * cs / colSplits) * GEMM_NR;
      int j1 = Math.min(n, (int) ((long) colPanels * (cs + 1) / colSplits) * GEMM_NR);
      if (i0 < i1 && j0 < j1) {
        block(i0, i1, j0, j1, PanamaGemmWorkspace.get());
      }
    }

    /** C[i0:i1, j0:j1] over all of k, loop order jc → pc → ic → jr → ir. */
    private void block(int i0, int i1, int j0, int j1, PanamaGemmWorkspace ws) {
      int kBlocks = (k + GEMM_KC - 1) / GEMM_KC;
      int kcMax = (k + kBlocks - 1) / kBlocks;
      float[] bp = ws.packedB(kcMax, Math.min(GEMM_NC, j1 - j0));
      float[] ap = ws.packedA(kcMax, Math.min(GEMM_MC, i1 - i0));
      // Where this job's (i, j) goes: C itself, or for Cᵀ a buffer of the rectangle (row stride j1 - j0).
      float[] out = c;
      int outOff = cOff;
      int ldo = ldc;
      if (transposedC) {
        ldo = j1 - j0;
        out = ws.transposedC((i1 - i0) * ldo);
        outOff = -i0 * ldo - j0;
        if (beta != 0f) {
          transposeCopy(c, cOff, ldc, out, outOff, ldo, i0, i1, j0, j1, false);
        }
      }
      boolean readsAInPlace = readsAInPlace();
      // Rows in equal blocks of at most MC (whole MR panels): 1024 rows as 342 + 342 + 340, not
      // 510 + 510 + 4, and 512 as 258 + 254, not 510 + 2 (a thin last block streams every B panel again for
      // a few rows). Only the blocking changes, not any element's sums.
      int icBlocks = (i1 - i0 + GEMM_MC - 1) / GEMM_MC;
      int mcStep = ((i1 - i0 + icBlocks - 1) / icBlocks + GEMM_MR - 1) / GEMM_MR * GEMM_MR;
      for (int jc = j0; jc < j1; jc += GEMM_NC) {
        int nc = Math.min(GEMM_NC, j1 - jc);
        for (int kb = 0; kb < kBlocks; kb++) {
          int pc = (int) ((long) k * kb / kBlocks);
          int kc = (int) ((long) k * (kb + 1) / kBlocks) - pc;
          PanamaGemmPack.packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
          int mode = kb == 0 && beta == 0f ? PanamaGemmKernel.STORE : PanamaGemmKernel.UPDATE;
          float scale = kb == 0 ? beta : 1f;
          for (int ic = i0; ic < i1; ic += mcStep) {
            int mc = Math.min(mcStep, i1 - ic);
            int direct = 0;
            if (readsAInPlace) {
              // full MR-row panels are read from A itself; only a partial last panel is packed (at ap[0])
              direct = mc / GEMM_MR * GEMM_MR;
              if (direct < mc) {
                PanamaGemmPack.packA(false, a, aOff, lda, ic + direct, mc - direct, pc, kc, alpha, ap);
              }
            } else {
              PanamaGemmPack.packA(transA, a, aOff, lda, ic, mc, pc, kc, alpha, ap);
            }
            macro(ap, bp, mc, nc, kc, aOff + ic * lda + pc, direct, out, outOff + ic * ldo + jc, ldo, mode, scale,
                ws.tile);
          }
        }
      }
      if (transposedC) {
        transposeCopy(c, cOff, ldc, out, outOff, ldo, i0, i1, j0, j1, true);
      }
    }

    /**
     * {@code buf[bufOff + i·ldb + j]} and {@code c[cOff + j·ldc + i]} for i in [i0, i1), j in [j0, j1), copied
     * into C ({@code intoC}) or out of it, in 16×16 blocks so the strided side stays in a few cache lines.
     */
    private static void transposeCopy(float[] c, int cOff, int ldc, float[] buf, int bufOff, int ldb, int i0, int i1,
        int j0, int j1, boolean intoC) {
      for (int ib = i0; ib < i1; ib += TRANSPOSE_BLOCK) {
        int ie = Math.min(i1, ib + TRANSPOSE_BLOCK);
        for (int jb = j0; jb < j1; jb += TRANSPOSE_BLOCK) {
          int je = Math.min(j1, jb + TRANSPOSE_BLOCK);
          for (int j = jb; j < je; j++) {
            for (int i = ib; i < ie; i++) {
              if (intoC) {
                c[cOff + j * ldc + i] = buf[bufOff + i * ldb + j];
              } else {
                buf[bufOff + i * ldb + j] = c[cOff + j * ldc + i];
              }
            }
          }
        }
      }
    }

    /**
     * One packed block, BLIS order: each NR-column micro-panel of B ({@code kc×NR}, sized for the L1)
     * stays while every MR-row micro-panel of the A block (L2) streams past it. The first {@code direct} rows
     * of the block are read in place from {@code a} (from {@code aBase}, row stride lda), the rest from
     * {@code ap}.
     */
    private void macro(float[] ap, float[] bp, int mc, int nc, int kc, int aBase, int direct, float[] out,
        int outBase, int ldo, int mode, float scale, float[] tile) {
      for (int jr = 0; jr < nc; jr += GEMM_NR) {
        int nr = Math.min(GEMM_NR, nc - jr);
        int bi = jr * kc;
        for (int ir = 0; ir < mc; ir += GEMM_MR) {
          int mr = Math.min(GEMM_MR, mc - ir);
          int o = outBase + ir * ldo + jr;
          float[] as = ir < direct ? a : ap;
          int ai = ir < direct ? aBase + ir * lda : (ir - direct) * kc;
          int aStride = ir < direct ? lda : kc;
          if (FUSED_WRITE && mr == GEMM_MR && nr == GEMM_NR) {
            // a full tile: written from the accumulators
            PanamaGemmKernel.tileRowsIntoC(kc, as, ai, aStride, bp, bi, out, o, ldo, mode, scale);
          } else {
            PanamaGemmKernel.tile(kc, as, ai, aStride, bp, bi, mr, nr, tile);
            PanamaGemmKernel.writeBack(tile, mr, nr, out, o, ldo, mode, scale);
          }
        }
      }
    }
  }
}
