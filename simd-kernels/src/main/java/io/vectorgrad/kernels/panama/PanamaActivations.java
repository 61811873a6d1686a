package io.vectorgrad.kernels.panama;

import static io.vectorgrad.kernels.panama.VectorConstants.FLOATS;
import static io.vectorgrad.kernels.panama.VectorConstants.LANES;
import static io.vectorgrad.kernels.panama.VectorConstants.SOFTMAX_BLOCK_FLOATS;

import io.vectorgrad.kernels.spi.ActivationSupport;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Activations on the JDK Vector API. Transcendentals come from {@link VectorMath} (own range-reduced
 * polynomials, a few ulp); scalar tails use {@code java.lang.Math} in double. The ReLU family and the
 * backward kernels do the same float operations as the scalar provider, so they are bit-identical to it.
 */
final class PanamaActivations implements ActivationSupport {
  @Override
  public void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      VectorMath.sigmoid(FloatVector.fromArray(FLOATS, x, xOff + i)).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = VectorMath.sigmoid(x[xOff + i]);
    }
  }

  @Override
  public void sigmoidBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector av = FloatVector.fromArray(FLOATS, a, aOff + i);
      FloatVector g = FloatVector.fromArray(FLOATS, dA, dAOff + i);
      g.mul(av.mul(av.neg().add(1f))).intoArray(dZ, dZOff + i);
    }
    for (; i < n; i++) {
      float ai = a[aOff + i];
      dZ[dZOff + i] = dA[dAOff + i] * (ai * (1f - ai));
    }
  }

  @Override
  public void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      VectorMath.tanh(FloatVector.fromArray(FLOATS, x, xOff + i)).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = VectorMath.tanh(x[xOff + i]);
    }
  }

  @Override
  public void tanhBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector av = FloatVector.fromArray(FLOATS, a, aOff + i);
      FloatVector g = FloatVector.fromArray(FLOATS, dA, dAOff + i);
      g.mul(av.mul(av).neg().add(1f)).intoArray(dZ, dZOff + i);
    }
    for (; i < n; i++) {
      float ai = a[aOff + i];
      dZ[dZOff + i] = dA[dAOff + i] * (1f - ai * ai);
    }
  }

  @Override
  public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, x, xOff + i);
      v.blend(0f, v.compare(VectorOperators.LT, 0f)).intoArray(out, outOff + i); // NaN is not < 0: kept
    }
    for (; i < n; i++) {
      float v = x[xOff + i];
      out[outOff + i] = v < 0f ? 0f : v;
    }
  }

  @Override
  public void reluBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int n) {
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      VectorMask<Float> on = FloatVector.fromArray(FLOATS, a, aOff + i).compare(VectorOperators.GT, 0f);
      FloatVector.zero(FLOATS).blend(FloatVector.fromArray(FLOATS, dA, dAOff + i), on).intoArray(dZ, dZOff + i);
    }
    for (; i < n; i++) {
      dZ[dZOff + i] = a[aOff + i] > 0f ? dA[dAOff + i] : 0f;
    }
  }

  @Override
  public void leakyRelu(float slope, float[] x, int xOff, float[] out, int outOff, int n) {
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, x, xOff + i);
      v.blend(v.mul(slope), v.compare(VectorOperators.LT, 0f)).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      float v = x[xOff + i];
      out[outOff + i] = v < 0f ? slope * v : v;
    }
  }

  @Override
  public void leakyReluBackward(float slope, float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff,
      int n) {
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      VectorMask<Float> on = FloatVector.fromArray(FLOATS, a, aOff + i).compare(VectorOperators.GT, 0f);
      FloatVector g = FloatVector.fromArray(FLOATS, dA, dAOff + i);
      g.mul(slope).blend(g, on).intoArray(dZ, dZOff + i);
    }
    for (; i < n; i++) {
      float g = dA[dAOff + i];
      dZ[dZOff + i] = a[aOff + i] > 0f ? g : slope * g;
    }
  }

  /**
   * Works on blocks of whole rows of at most {@link VectorConstants#SOFTMAX_BLOCK_FLOATS} floats (L1-sized):
   * per row write {@code x − max} to out (and its rounding error to a per-thread scratch row), then one vector
   * exp over the whole block (so rows shorter than a vector still run vectorized), then per row divide by the
   * sum.
   */
  @Override
  public void softmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols) {
    if (rows == 0 || cols == 0) {
      return;
    }
    int rowsPerBlock = Math.max(1, SOFTMAX_BLOCK_FLOATS / cols);
    float[] lo = scratch(Math.min(rows, rowsPerBlock) * cols);
    for (int r0 = 0; r0 < rows; r0 += rowsPerBlock) {
      int r1 = Math.min(rows, r0 + rowsPerBlock);
      for (int r = r0; r < r1; r++) {
        int xr = xOff + r * cols;
        shift(x, xr, rowMax(x, xr, cols), out, outOff + r * cols, lo, (r - r0) * cols, cols);
      }
      expInPlace(out, outOff + r0 * cols, lo, (r1 - r0) * cols);
      for (int r = r0; r < r1; r++) {
        int or = outOff + r * cols;
        divide(out, or, cols, rowSum(out, or, cols));
      }
    }
  }

  /** Grown on demand, then reused: no garbage per call once warm. Holds floats, never vectors. */
  private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[SOFTMAX_BLOCK_FLOATS]);

  private float[] scratch(int n) {
    float[] s = scratch.get();
    if (s.length < n) {
      s = new float[n];
      scratch.set(s);
    }
    return s;
  }

  /**
   * {@code x − max − L} with {@code L = log(k + S)}, where k counts the elements equal to the row max (each
   * contributes e^0 = 1 exactly) and S sums the others. Computing L as {@code log k + log1p(S/k)} in double
   * keeps it accurate when one logit dominates and L is tiny.
   */
  @Override
  public void logSoftmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols) {
    int bound = FLOATS.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int xr = xOff + r * cols;
      int or = outOff + r * cols;
      float max = rowMax(x, xr, cols);
      double s = 0;
      double k = 0;
      int j = 0;
      if (bound > 0) {
        FloatVector sv = FloatVector.zero(FLOATS);
        FloatVector comp = FloatVector.zero(FLOATS); // Kahan compensation of sv
        FloatVector kv = FloatVector.zero(FLOATS);
        for (; j < bound; j += LANES) {
          FloatVector v = FloatVector.fromArray(FLOATS, x, xr + j);
          FloatVector d = v.sub(max);
          FloatVector lo = VectorMath.twoSumError(v, max, d);
          FloatVector e = VectorMath.expNonPositiveScaled(d, lo, VectorMath.SUM_SCALE);
          VectorMask<Float> isMax = v.compare(VectorOperators.EQ, max);
          // the max elements add d (0, or NaN for ∞ − ∞) instead of e^d = 1
          FloatVector y = e.blend(d, isMax).sub(comp);
          FloatVector t = sv.add(y);
          comp = t.sub(sv).sub(y);
          sv = t;
          kv = kv.add(FloatVector.zero(FLOATS).blend(1f, isMax));
        }
        s = Math.scalb(laneSum(sv) - laneSum(comp), -VectorMath.SUM_SCALE);
        k = kv.reduceLanes(VectorOperators.ADD);
      }
      for (; j < cols; j++) {
        float v = x[xr + j];
        if (v == max) {
          k++;
          s += v - max;
        } else {
          s += Math.exp((double) v - max);
        }
      }
      float lse = (float) (Math.log(k) + Math.log1p(s / k));
      j = 0;
      for (; j < bound; j += LANES) {
        FloatVector.fromArray(FLOATS, x, xr + j).sub(max).sub(lse).intoArray(out, or + j);
      }
      for (; j < cols; j++) {
        out[or + j] = (x[xr + j] - max) - lse;
      }
    }
  }

  @Override
  public void softmaxBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int rows,
      int cols) {
    int bound = FLOATS.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int ar = aOff + r * cols;
      int gr = dAOff + r * cols;
      int zr = dZOff + r * cols;
      float dot = 0f;
      int j = 0;
      if (bound > 0) {
        FloatVector acc = FloatVector.zero(FLOATS);
        for (; j < bound; j += LANES) {
          acc = FloatVector.fromArray(FLOATS, dA, gr + j).fma(FloatVector.fromArray(FLOATS, a, ar + j), acc);
        }
        dot = acc.reduceLanes(VectorOperators.ADD);
      }
      for (; j < cols; j++) {
        dot += dA[gr + j] * a[ar + j];
      }
      j = 0;
      for (; j < bound; j += LANES) {
        FloatVector av = FloatVector.fromArray(FLOATS, a, ar + j);
        av.mul(FloatVector.fromArray(FLOATS, dA, gr + j).sub(dot)).intoArray(dZ, zr + j);
      }
      for (; j < cols; j++) {
        dZ[zr + j] = a[ar + j] * (dA[gr + j] - dot);
      }
    }
  }

  /** Row maximum; NaN if the row has a NaN (lanewise MAX follows {@link Math#max}). */
  private static float rowMax(float[] x, int off, int n) {
    float max = Float.NEGATIVE_INFINITY;
    int j = 0;
    int bound = FLOATS.loopBound(n);
    if (bound > 0) {
      FloatVector m = FloatVector.fromArray(FLOATS, x, off);
      for (j = LANES; j < bound; j += LANES) {
        m = m.max(FloatVector.fromArray(FLOATS, x, off + j));
      }
      max = m.reduceLanes(VectorOperators.MAX);
    }
    for (; j < n; j++) {
      max = Math.max(max, x[off + j]);
    }
    return max;
  }

  /** {@code out = fl(x − max)} and {@code lo = (x − max) − out} exactly (0 where that is not finite). */
  private static void shift(float[] x, int xOff, float max, float[] out, int outOff, float[] lo, int loOff, int n) {
    int j = 0;
    for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, x, xOff + j);
      FloatVector d = v.sub(max);
      d.intoArray(out, outOff + j);
      VectorMath.twoSumError(v, max, d).intoArray(lo, loOff + j);
    }
    for (; j < n; j++) {
      float v = x[xOff + j];
      float d = v - max;
      out[outOff + j] = d;
      float e = (float) (((double) v - max) - d);
      lo[loOff + j] = e == e ? e : 0f;
    }
  }

  /** {@code a = e^(a + lo)} for a block whose lo starts at 0. */
  private static void expInPlace(float[] a, int off, float[] lo, int n) {
    int j = 0;
    for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
      VectorMath.expNonPositive(FloatVector.fromArray(FLOATS, a, off + j), FloatVector.fromArray(FLOATS, lo, j))
          .intoArray(a, off + j);
    }
    for (; j < n; j++) {
      a[off + j] = (float) Math.exp((double) a[off + j] + lo[j]);
    }
  }

  /**
   * Row sum with a compensated (Kahan) vector accumulator and a double reduction and tail: a plain float
   * sum would add several ulp to every softmax output.
   */
  private static float rowSum(float[] a, int off, int n) {
    double s = 0;
    int j = 0;
    int bound = FLOATS.loopBound(n);
    if (bound > 0) {
      FloatVector sum = FloatVector.zero(FLOATS);
      FloatVector comp = FloatVector.zero(FLOATS);
      for (; j < bound; j += LANES) {
        FloatVector y = FloatVector.fromArray(FLOATS, a, off + j).sub(comp);
        FloatVector t = sum.add(y);
        comp = t.sub(sum).sub(y);
        sum = t;
      }
      s = laneSum(sum) - laneSum(comp);
    }
    for (; j < n; j++) {
      s += a[off + j];
    }
    return (float) s;
  }

  /** The lanes of v added in double (a float reduceLanes would round up to log2(LANES) more times). */
  static double laneSum(FloatVector v) {
    double s = 0;
    for (int l = 0; l < LANES; l++) {
      s += v.lane(l);
    }
    return s;
  }

  private static void divide(float[] a, int off, int n, float d) {
    int j = 0;
    for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
      FloatVector.fromArray(FLOATS, a, off + j).div(d).intoArray(a, off + j);
    }
    for (; j < n; j++) {
      a[off + j] /= d;
    }
  }
}
