package io.vectorgrad.kernels.panama;

import static io.vectorgrad.kernels.panama.VectorConstants.FLOATS;
import static io.vectorgrad.kernels.panama.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The matrix-vector path of sgemm ({@code n == 1}, or {@code m == 1} seen transposed):
 * {@code y[i·incy] = beta·y + alpha·Σ_p M(i, p)·x[p·incx]} where M is {@code rows×k}, stored at
 * {@code m[off + i·ldm + p]}, or {@code m[off + p·ldm + i]} when {@code transM}. Memory-bound, so it runs on
 * the calling thread; packing would only add traffic.
 */
final class PanamaGemv {
  private PanamaGemv() {}

  static void gemv(boolean transM, int rows, int k, float alpha, float[] mat, int mOff, int ldm,
      float[] x, int xOff, int incx, float beta, float[] y, int yOff, int incy) {
    PanamaGemmWorkspace ws = PanamaGemmWorkspace.get();
    float[] xs = x;
    int xs0 = xOff;
    if (incx != 1) {
      xs = ws.x(k);
      xs0 = 0;
      for (int p = 0; p < k; p++) {
        xs[p] = x[xOff + p * incx];
      }
    }
    if (!transM) {
      for (int i = 0; i < rows; i++) {
        float dot = dot(mat, mOff + i * ldm, xs, xs0, k);
        int o = yOff + i * incy;
        y[o] = combine(alpha * dot, beta, y, o);
      }
    } else {
      float[] acc = ws.y(rows);
      java.util.Arrays.fill(acc, 0, rows, 0f);
      for (int p = 0; p < k; p++) {
        axpy(xs[xs0 + p], mat, mOff + p * ldm, acc, rows);
      }
      for (int i = 0; i < rows; i++) {
        int o = yOff + i * incy;
        y[o] = combine(alpha * acc[i], beta, y, o);
      }
    }
  }

  /** {@code beta·y[o] + v}, not reading y when beta == 0. */
  static float combine(float v, float beta, float[] y, int o) {
    if (beta == 0f) {
      return v;
    }
    float scaled = beta * y[o];
    return scaled + v;
  }

  /** Σ u[uo+p]·v[vo+p] with two vector accumulators and a scalar tail. */
  static float dot(float[] u, int uo, float[] v, int vo, int n) {
    FloatVector s0 = FloatVector.zero(FLOATS);
    FloatVector s1 = FloatVector.zero(FLOATS);
    int p = 0;
    for (; p <= n - 2 * LANES; p += 2 * LANES) {
      s0 = FloatVector.fromArray(FLOATS, u, uo + p).fma(FloatVector.fromArray(FLOATS, v, vo + p), s0);
      s1 = FloatVector.fromArray(FLOATS, u, uo + p + LANES)
          .fma(FloatVector.fromArray(FLOATS, v, vo + p + LANES), s1);
    }
    float sum = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; p < n; p++) {
      sum = Math.fma(u[uo + p], v[vo + p], sum);
    }
    return sum;
  }

  /** acc[0..n) += s·u[uo..uo+n), fused per element. */
  static void axpy(float s, float[] u, int uo, float[] acc, int n) {
    FloatVector sv = FloatVector.broadcast(FLOATS, s);
    int j = 0;
    for (; j <= n - LANES; j += LANES) {
      sv.fma(FloatVector.fromArray(FLOATS, u, uo + j), FloatVector.fromArray(FLOATS, acc, j)).intoArray(acc, j);
    }
    for (; j < n; j++) {
      acc[j] = Math.fma(s, u[uo + j], acc[j]);
    }
  }
}
