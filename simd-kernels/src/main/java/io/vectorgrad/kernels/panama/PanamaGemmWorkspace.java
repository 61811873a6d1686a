package io.vectorgrad.kernels.panama;

import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_MR;
import static io.vectorgrad.kernels.panama.VectorConstants.GEMM_NR;

/**
 * Per-thread GEMM buffers (packed A block, packed B panel, one C tile, a block of Cᵀ, gemv scratch), grown on demand and
 * then reused, so a warm GEMM allocates nothing.
 */
final class PanamaGemmWorkspace {
  private static final ThreadLocal<PanamaGemmWorkspace> PER_THREAD = ThreadLocal.withInitial(PanamaGemmWorkspace::new);

  /** One MR×NR tile of C for partial edge tiles. */
  final float[] tile = new float[GEMM_MR * GEMM_NR];
  private float[] a = new float[0];
  private float[] b = new float[0];
  private float[] ct = new float[0];
  private float[] x = new float[0];
  private float[] y = new float[0];

  static PanamaGemmWorkspace get() {
    return PER_THREAD.get();
  }

  /** Room for {@code rows} rows of op(A) (rounded up to MR) by {@code kc}. */
  float[] packedA(int kc, int rows) {
    int need = roundUp(rows, GEMM_MR) * kc;
    if (a.length < need) {
      a = new float[need];
    }
    return a;
  }

  /** Room for {@code kc} by {@code cols} columns of op(B) (rounded up to NR). */
  float[] packedB(int kc, int cols) {
    int need = roundUp(cols, GEMM_NR) * kc;
    if (b.length < need) {
      b = new float[need];
    }
    return b;
  }

  /** Room for a job's rectangle of Cᵀ ({@code floats} of it). */
  float[] transposedC(int floats) {
    if (ct.length < floats) {
      ct = new float[floats];
    }
    return ct;
  }

  /** A contiguous copy of a strided vector. */
  float[] x(int n) {
    if (x.length < n) {
      x = new float[n];
    }
    return x;
  }

  /** An accumulator vector. */
  float[] y(int n) {
    if (y.length < n) {
      y = new float[n];
    }
    return y;
  }

  private static int roundUp(int v, int multiple) {
    return (v + multiple - 1) / multiple * multiple;
  }
}
