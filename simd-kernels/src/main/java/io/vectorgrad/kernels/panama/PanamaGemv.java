package io.vectorgrad.kernels.panama;

import static io.vectorgrad.kernels.panama.VectorConstants.FLOATS;
import static io.vectorgrad.kernels.panama.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;

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
      float[] lanes = LaneSums.scratch();
      int i = 0;
      for (; i + 4 <= rows; i += 4) {
        dotRows4(mat, mOff + i * ldm, ldm, xs, xs0, k, alpha, beta, y, yOff + i * incy, incy, lanes);
      }
      for (; i < rows; i++) {
        float dot = dot(mat, mOff + i * ldm, xs, xs0, k, lanes);
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

  /**
   * Σ u[uo+p]·v[vo+p] with two vector accumulators, their lanes added in {@link LaneSums}' fixed order (spilled
   * into {@code lanes}, {@link LaneSums#SCRATCH_FLOATS} floats), and a scalar tail.
   */
  static float dot(float[] u, int uo, float[] v, int vo, int n, float[] lanes) {
    FloatVector s0 = FloatVector.zero(FLOATS);
    FloatVector s1 = FloatVector.zero(FLOATS);
    int p = 0;
    for (; p <= n - 2 * LANES; p += 2 * LANES) {
      s0 = FloatVector.fromArray(FLOATS, u, uo + p).fma(FloatVector.fromArray(FLOATS, v, vo + p), s0);
      s1 = FloatVector.fromArray(FLOATS, u, uo + p + LANES)
          .fma(FloatVector.fromArray(FLOATS, v, vo + p + LANES), s1);
    }
    s0.add(s1).intoArray(lanes, 0);
    float sum = LaneSums.sum(lanes, 0);
    for (; p < n; p++) {
      sum = Math.fma(u[uo + p], v[vo + p], sum);
    }
    return sum;
  }

  /**
   * Four rows of {@link #dot} at once: {@code y[yo + r·incy] = beta·y + alpha·(u row r)·v} for r = 0..3.
   * Each row sums in exactly {@link #dot}'s order (so the bits match it), but the eight independent FMA
   * chains and the shared loads of v keep the loop bound by bandwidth instead of FMA latency.
   */
  static void dotRows4(float[] u, int uo, int ldu, float[] v, int vo, int n, float alpha, float beta,
      float[] y, int yo, int incy, float[] lanes) {
    int u0 = uo;
    int u1 = uo + ldu;
    int u2 = u1 + ldu;
    int u3 = u2 + ldu;
    FloatVector a0 = FloatVector.zero(FLOATS);
    FloatVector a1 = FloatVector.zero(FLOATS);
    FloatVector b0 = FloatVector.zero(FLOATS);
    FloatVector b1 = FloatVector.zero(FLOATS);
    FloatVector c0 = FloatVector.zero(FLOATS);
    FloatVector c1 = FloatVector.zero(FLOATS);
    FloatVector d0 = FloatVector.zero(FLOATS);
    FloatVector d1 = FloatVector.zero(FLOATS);
    int p = 0;
    for (; p <= n - 2 * LANES; p += 2 * LANES) {
      FloatVector x0 = FloatVector.fromArray(FLOATS, v, vo + p);
      FloatVector x1 = FloatVector.fromArray(FLOATS, v, vo + p + LANES);
      a0 = FloatVector.fromArray(FLOATS, u, u0 + p).fma(x0, a0);
      a1 = FloatVector.fromArray(FLOATS, u, u0 + p + LANES).fma(x1, a1);
      b0 = FloatVector.fromArray(FLOATS, u, u1 + p).fma(x0, b0);
      b1 = FloatVector.fromArray(FLOATS, u, u1 + p + LANES).fma(x1, b1);
      c0 = FloatVector.fromArray(FLOATS, u, u2 + p).fma(x0, c0);
      c1 = FloatVector.fromArray(FLOATS, u, u2 + p + LANES).fma(x1, c1);
      d0 = FloatVector.fromArray(FLOATS, u, u3 + p).fma(x0, d0);
      d1 = FloatVector.fromArray(FLOATS, u, u3 + p + LANES).fma(x1, d1);
    }
    a0.add(a1).intoArray(lanes, 0);
    b0.add(b1).intoArray(lanes, LANES);
    c0.add(c1).intoArray(lanes, 2 * LANES);
    d0.add(d1).intoArray(lanes, 3 * LANES);
    float sa = LaneSums.sum(lanes, 0);
    float sb = LaneSums.sum(lanes, LANES);
    float sc = LaneSums.sum(lanes, 2 * LANES);
    float sd = LaneSums.sum(lanes, 3 * LANES);
    for (; p < n; p++) {
      float xv = v[vo + p];
      sa = Math.fma(u[u0 + p], xv, sa);
      sb = Math.fma(u[u1 + p], xv, sb);
      sc = Math.fma(u[u2 + p], xv, sc);
      sd = Math.fma(u[u3 + p], xv, sd);
    }
    y[yo] = combine(alpha * sa, beta, y, yo);
    y[yo + incy] = combine(alpha * sb, beta, y, yo + incy);
    y[yo + 2 * incy] = combine(alpha * sc, beta, y, yo + 2 * incy);
    y[yo + 3 * incy] = combine(alpha * sd, beta, y, yo + 3 * incy);
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
