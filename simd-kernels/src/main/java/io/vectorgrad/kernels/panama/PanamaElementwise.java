package io.vectorgrad.kernels.panama;

import static io.vectorgrad.kernels.panama.VectorConstants.FLOATS;
import static io.vectorgrad.kernels.panama.VectorConstants.LANES;

import io.vectorgrad.kernels.spi.ElementwiseSupport;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Element-wise kernels on the JDK Vector API: full vectors over {@code FLOATS.loopBound(n)}, then a scalar
 * tail. Same-offset aliasing is safe because every lane is read before it is written.
 */
final class PanamaElementwise implements ElementwiseSupport {
  @Override
  public void hadamard(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector.fromArray(FLOATS, x, xOff + i).mul(FloatVector.fromArray(FLOATS, y, yOff + i))
          .intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = x[xOff + i] * y[yOff + i];
    }
  }

  @Override
  public void add(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector.fromArray(FLOATS, x, xOff + i).add(FloatVector.fromArray(FLOATS, y, yOff + i))
          .intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = x[xOff + i] + y[yOff + i];
    }
  }

  @Override
  public void sub(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector.fromArray(FLOATS, x, xOff + i).sub(FloatVector.fromArray(FLOATS, y, yOff + i))
          .intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = x[xOff + i] - y[yOff + i];
    }
  }

  @Override
  public void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector.fromArray(FLOATS, x, xOff + i).mul(alpha).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = alpha * x[xOff + i];
    }
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    // mul then add (no fma), so the result is bit-identical to the scalar kernel
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector.fromArray(FLOATS, x, xOff + i).mul(alpha).add(FloatVector.fromArray(FLOATS, y, yOff + i))
          .intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  public void fill(float value, float[] out, int outOff, int n) {
    FloatVector v = FloatVector.broadcast(FLOATS, value);
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      v.intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = value;
    }
  }

  @Override
  public void copy(float[] x, int xOff, float[] out, int outOff, int n) {
    // the JIT's arraycopy stub is already bandwidth-bound; it is also the benchmarks' reference
    System.arraycopy(x, xOff, out, outOff, n);
  }

  @Override
  public void addRowVector(float[] row, int rowOff, float[] c, int cOff, int ldc, int rows, int cols) {
    int bound = FLOATS.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int cr = cOff + r * ldc;
      int j = 0;
      for (; j < bound; j += LANES) {
        FloatVector.fromArray(FLOATS, c, cr + j).add(FloatVector.fromArray(FLOATS, row, rowOff + j))
            .intoArray(c, cr + j);
      }
      for (; j < cols; j++) {
        c[cr + j] += row[rowOff + j];
      }
    }
  }

  @Override
  public void columnSums(float[] a, int aOff, int lda, float[] out, int outOff, int rows, int cols) {
    // Each lane owns one column and adds the rows in order, exactly like the scalar loop: the result is
    // bit-identical for every vector width. Four column vectors per sweep use more of each cache line.
    int j = 0;
    for (int bound4 = cols - 4 * LANES; j <= bound4; j += 4 * LANES) {
      FloatVector s0 = FloatVector.zero(FLOATS);
      FloatVector s1 = FloatVector.zero(FLOATS);
      FloatVector s2 = FloatVector.zero(FLOATS);
      FloatVector s3 = FloatVector.zero(FLOATS);
      for (int r = 0, p = aOff + j; r < rows; r++, p += lda) {
        s0 = s0.add(FloatVector.fromArray(FLOATS, a, p));
        s1 = s1.add(FloatVector.fromArray(FLOATS, a, p + LANES));
        s2 = s2.add(FloatVector.fromArray(FLOATS, a, p + 2 * LANES));
        s3 = s3.add(FloatVector.fromArray(FLOATS, a, p + 3 * LANES));
      }
      s0.intoArray(out, outOff + j);
      s1.intoArray(out, outOff + j + LANES);
      s2.intoArray(out, outOff + j + 2 * LANES);
      s3.intoArray(out, outOff + j + 3 * LANES);
    }
    for (int bound = FLOATS.loopBound(cols); j < bound; j += LANES) {
      FloatVector s = FloatVector.zero(FLOATS);
      for (int r = 0, p = aOff + j; r < rows; r++, p += lda) {
        s = s.add(FloatVector.fromArray(FLOATS, a, p));
      }
      s.intoArray(out, outOff + j);
    }
    for (; j < cols; j++) {
      float s = 0f;
      for (int r = 0, p = aOff + j; r < rows; r++, p += lda) {
        s += a[p];
      }
      out[outOff + j] = s;
    }
  }

  @Override
  public float sumOfSquares(float[] x, int xOff, int n) {
    // two accumulators hide the fma latency; reduced once at the end, in LaneSums' fixed order
    FloatVector s0 = FloatVector.zero(FLOATS);
    FloatVector s1 = FloatVector.zero(FLOATS);
    int i = 0;
    for (int bound2 = n - 2 * LANES; i <= bound2; i += 2 * LANES) {
      FloatVector v0 = FloatVector.fromArray(FLOATS, x, xOff + i);
      FloatVector v1 = FloatVector.fromArray(FLOATS, x, xOff + i + LANES);
      s0 = v0.fma(v0, s0);
      s1 = v1.fma(v1, s1);
    }
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, x, xOff + i);
      s0 = v.fma(v, s0);
    }
    float[] lanes = LaneSums.scratch();
    s0.add(s1).intoArray(lanes, 0);
    float s = LaneSums.sum(lanes, 0);
    for (; i < n; i++) {
      float v = x[xOff + i];
      s += v * v;
    }
    return s;
  }

  @Override
  public float maxAbs(float[] x, int xOff, int n) {
    // compare+blend is cheaper than lanewise MAX (whose Math.max NaN/−0 semantics cost a fix-up sequence on
    // x86) but skips NaN, so NaN is detected separately: a running sum of |x| is NaN iff some |x| is NaN
    // (never by an ADD reduction, whose order is unspecified; lanewise MAX and NaN tests are order-free)
    // two accumulators each, to overlap the compare→blend latency chains
    FloatVector m0 = FloatVector.zero(FLOATS);
    FloatVector m1 = FloatVector.zero(FLOATS);
    FloatVector nan0 = FloatVector.zero(FLOATS);
    FloatVector nan1 = FloatVector.zero(FLOATS);
    int i = 0;
    for (int bound2 = n - 2 * LANES; i <= bound2; i += 2 * LANES) {
      FloatVector v0 = FloatVector.fromArray(FLOATS, x, xOff + i).abs();
      FloatVector v1 = FloatVector.fromArray(FLOATS, x, xOff + i + LANES).abs();
      m0 = m0.blend(v0, v0.compare(VectorOperators.GT, m0));
      m1 = m1.blend(v1, v1.compare(VectorOperators.GT, m1));
      nan0 = nan0.add(v0);
      nan1 = nan1.add(v1);
    }
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, x, xOff + i).abs();
      m0 = m0.blend(v, v.compare(VectorOperators.GT, m0));
      nan0 = nan0.add(v);
    }
    FloatVector m = m0.blend(m1, m1.compare(VectorOperators.GT, m0));
    FloatVector nan = nan0.add(nan1);
    float s = m.reduceLanes(VectorOperators.MAX);
    if (nan.compare(VectorOperators.NE, nan).anyTrue()) {
      return Float.NaN;
    }
    for (; i < n; i++) {
      s = Math.max(s, Math.abs(x[xOff + i]));
    }
    return s;
  }

}
