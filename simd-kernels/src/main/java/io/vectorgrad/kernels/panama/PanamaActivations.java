package io.vectorgrad.kernels.panama;

import static io.vectorgrad.kernels.panama.VectorConstants.FLOATS;
import static io.vectorgrad.kernels.panama.VectorConstants.LANES;
import static io.vectorgrad.kernels.panama.VectorConstants.SOFTMAX_BLOCK_FLOATS;
import static io.vectorgrad.kernels.panama.VectorConstants.SOFTMAX_MIN_ROW_VECTOR_COLS;

import io.vectorgrad.kernels.spi.ActivationSupport;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Activations on the JDK Vector API. Transcendentals come from {@link VectorMath} (own range-reduced
 * polynomials, a few ulp); scalar tails use {@code java.lang.Math} in double. The ReLU family and the
 * element-wise backward kernels do the same float operations as the scalar provider, so they are
 * bit-identical to it; everything else agrees within the facade's accuracy contract.
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
   * Rows of at least {@link VectorConstants#SOFTMAX_MIN_ROW_VECTOR_COLS} floats run row by row (max; then
   * {@code e^(x − max)} stored and summed in one pass; then divide). Shorter rows would be mostly scalar tails,
   * so they run flat over blocks of whole rows (at most {@link VectorConstants#SOFTMAX_BLOCK_FLOATS} floats,
   * L1-sized) with each row's max, then its sum, spread over a per-thread scratch row.
   */
  @Override
  public void softmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols) {
    if (rows == 0 || cols == 0) {
      return;
    }
    if (cols >= SOFTMAX_MIN_ROW_VECTOR_COLS) {
      softmaxByRow(x, xOff, out, outOff, rows, cols, lanes.get());
    } else {
      softmaxFlat(x, xOff, out, outOff, rows, cols, scratch.get());
    }
  }

  private static void softmaxByRow(float[] x, int xOff, float[] out, int outOff, int rows, int cols, float[] lanes) {
    for (int r = 0; r < rows; r++) {
      int xr = xOff + r * cols;
      int or = outOff + r * cols;
      divide(out, or, cols, expAndSum(x, xr, rowMax(x, xr, cols), out, or, cols, lanes));
    }
  }

  private static void softmaxFlat(float[] x, int xOff, float[] out, int outOff, int rows, int cols,
      float[] rowValue) {
    int rowsPerBlock = Math.max(1, SOFTMAX_BLOCK_FLOATS / cols);
    for (int r0 = 0; r0 < rows; r0 += rowsPerBlock) {
      int r1 = Math.min(rows, r0 + rowsPerBlock);
      int n = (r1 - r0) * cols;
      for (int r = r0; r < r1; r++) {
        int k = (r - r0) * cols;
        int xr = xOff + r * cols;
        float max = x[xr];
        // scalar: a vector reduction per short row costs more than it saves. A NaN may be skipped here
        // (unlike Math.max) but then its own e^(NaN − max) turns the row's sum, and so the row, into NaN.
        for (int c = 1; c < cols; c++) {
          float v = x[xr + c];
          max = v > max ? v : max;
        }
        Arrays.fill(rowValue, k, k + cols, max);
      }
      int xb = xOff + r0 * cols;
      int ob = outOff + r0 * cols;
      int j = 0;
      for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
        FloatVector v = FloatVector.fromArray(FLOATS, x, xb + j);
        FloatVector max = FloatVector.fromArray(FLOATS, rowValue, j);
        FloatVector d = v.sub(max);
        VectorMath.expNonPositive(d, VectorMath.twoSumError(v, max, d)).intoArray(out, ob + j);
      }
      for (; j < n; j++) {
        out[ob + j] = (float) Math.exp((double) x[xb + j] - rowValue[j]);
      }
      for (int r = r0; r < r1; r++) {
        int k = (r - r0) * cols;
        int or = outOff + r * cols;
        double sum = 0;
        for (int c = 0; c < cols; c++) {
          sum += out[or + c];
        }
        Arrays.fill(rowValue, k, k + cols, (float) sum);
      }
      j = 0;
      for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
        FloatVector.fromArray(FLOATS, out, ob + j).div(FloatVector.fromArray(FLOATS, rowValue, j))
            .intoArray(out, ob + j);
      }
      for (; j < n; j++) {
        out[ob + j] /= rowValue[j];
      }
    }
  }

  /**
   * Per-thread row values for the short-row paths: a block of rows has at most SOFTMAX_BLOCK_FLOATS floats,
   * plus one float per row of the block. Allocated once per thread, then reused (no garbage per call).
   */
  private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[2 * SOFTMAX_BLOCK_FLOATS]);

  /** Two vectors' worth of floats per thread, for {@link #laneSum}. */
  private final ThreadLocal<float[]> lanes = ThreadLocal.withInitial(() -> new float[2 * LANES]);

  /**
   * {@code out = e^(x − max)} with {@code x − max} carried exactly (its TwoSum rounding error joins the exp),
   * returning the row sum, accumulated with Kahan compensation and reduced and finished in double.
   */
  private static float expAndSum(float[] x, int xOff, float max, float[] out, int outOff, int n, float[] lanes) {
    double s = 0;
    int j = 0;
    int bound = FLOATS.loopBound(n);
    if (bound > 0) {
      FloatVector sum = FloatVector.zero(FLOATS);
      FloatVector comp = FloatVector.zero(FLOATS);
      for (; j < bound; j += LANES) {
        FloatVector v = FloatVector.fromArray(FLOATS, x, xOff + j);
        FloatVector d = v.sub(max);
        FloatVector e = VectorMath.expNonPositive(d, VectorMath.twoSumError(v, max, d));
        e.intoArray(out, outOff + j);
        FloatVector y = e.sub(comp);
        FloatVector t = sum.add(y);
        comp = t.sub(sum).sub(y);
        sum = t;
      }
      sum.intoArray(lanes, 0);
      comp.intoArray(lanes, LANES);
      s = laneSum(lanes, 0) - laneSum(lanes, LANES);
    }
    for (; j < n; j++) {
      float e = (float) Math.exp((double) x[xOff + j] - max);
      out[outOff + j] = e;
      s += e;
    }
    return (float) s;
  }

  /**
   * {@code x − max − L} with {@code L = log(k + S)}, where k counts the elements equal to the row max (each
   * contributes e^0 = 1 exactly) and S sums the others. Computing L as {@code log k + log1p(S/k)} in double
   * keeps it accurate when one logit dominates and L is tiny.
   */
  @Override
  public void logSoftmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols) {
    if (rows == 0 || cols == 0) {
      return;
    }
    if (cols >= SOFTMAX_MIN_ROW_VECTOR_COLS) {
      logSoftmaxByRow(x, xOff, out, outOff, rows, cols, lanes.get());
    } else {
      logSoftmaxFlat(x, xOff, out, outOff, rows, cols, scratch.get());
    }
  }

  /**
   * Short rows, flat over blocks of whole rows: scratch[0, n) holds each element's row max, then, in the same
   * place, its scaled exponential (or −1 marking a row maximum, or NaN); scratch[BLOCK, BLOCK + rows) the row
   * maxima. The last pass is scalar but cheap (two subtractions per element).
   */
  private static void logSoftmaxFlat(float[] x, int xOff, float[] out, int outOff, int rows, int cols,
      float[] tmp) {
    int rowsPerBlock = Math.max(1, SOFTMAX_BLOCK_FLOATS / cols);
    for (int r0 = 0; r0 < rows; r0 += rowsPerBlock) {
      int r1 = Math.min(rows, r0 + rowsPerBlock);
      int n = (r1 - r0) * cols;
      int xb = xOff + r0 * cols;
      for (int r = r0; r < r1; r++) {
        int k = (r - r0) * cols;
        float max = x[xb + k];
        for (int c = 1; c < cols; c++) { // a skipped NaN still turns its row into NaN through its exp
          float v = x[xb + k + c];
          max = v > max ? v : max;
        }
        tmp[SOFTMAX_BLOCK_FLOATS + r - r0] = max;
        Arrays.fill(tmp, k, k + cols, max);
      }
      int j = 0;
      for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
        FloatVector v = FloatVector.fromArray(FLOATS, x, xb + j);
        FloatVector max = FloatVector.fromArray(FLOATS, tmp, j);
        FloatVector d = v.sub(max);
        FloatVector e = VectorMath.expNonPositiveScaled(d, VectorMath.twoSumError(v, max, d), VectorMath.SUM_SCALE);
        // a row maximum is marked by d − 1: −1, or NaN for ∞ − ∞
        e.blend(d.sub(1f), v.compare(VectorOperators.EQ, max)).intoArray(tmp, j);
      }
      for (; j < n; j++) {
        float v = x[xb + j];
        float max = tmp[j];
        tmp[j] = v == max ? (v - max) - 1f : (float) Math.scalb(Math.exp((double) v - max), VectorMath.SUM_SCALE);
      }
      for (int r = r0; r < r1; r++) {
        int k = (r - r0) * cols;
        double maxima = 0;
        double s = 0;
        for (int c = 0; c < cols; c++) {
          float t = tmp[k + c];
          if (t == -1f) {
            maxima++;
          } else {
            s += t;
          }
        }
        float max = tmp[SOFTMAX_BLOCK_FLOATS + r - r0];
        float lse = logSumExp(maxima, Math.scalb(s, -VectorMath.SUM_SCALE));
        int xr = xb + k;
        int or = outOff + r * cols;
        for (int c = 0; c < cols; c++) {
          out[or + c] = (x[xr + c] - max) - lse;
        }
      }
    }
  }

  /** Rows of at least two vectors: everything vectorized along the row. */
  private static void logSoftmaxByRow(float[] x, int xOff, float[] out, int outOff, int rows, int cols,
      float[] lanes) {
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
        sv.intoArray(lanes, 0);
        comp.intoArray(lanes, LANES);
        s = Math.scalb(laneSum(lanes, 0) - laneSum(lanes, LANES), -VectorMath.SUM_SCALE);
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
      float lse = logSumExp(k, s);
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

  /**
   * {@code log(k + s) = log k + log1p(s/k)} for k row maxima and the sum s of the other exponentials,
   * accurate when s is tiny. log1p by Kahan's {@code log(u)·s/(u − 1)}, {@code u = 1 + s}, because
   * {@code Math.log} is an intrinsic and {@code Math.log1p} is several times slower (one call per row).
   */
  private static float logSumExp(double k, double s) {
    double t = s / k;
    double u = 1 + t;
    double log1p = u == 1 ? t : Math.log(u) * (t / (u - 1));
    return (float) (k == 1 ? log1p : Math.log(k) + log1p);
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

  /**
   * Adds {@code tmp[from, from + LANES)} in double: the lanes of a vector spilled there (a float reduceLanes
   * would round log2(LANES) more times). Takes the array, not the vector: a vector passed to a call that
   * the JIT does not inline is boxed.
   */
  private static double laneSum(float[] tmp, int from) {
    double s = 0;
    for (int l = 0; l < LANES; l++) {
      s += tmp[from + l];
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
