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
    VectorMath.sigmoid(x, xOff, out, outOff, n);
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
    VectorMath.tanh(x, xOff, out, outOff, n);
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
   * Blocks of whole rows of at most {@link VectorConstants#SOFTMAX_BLOCK_FLOATS} floats (L1-sized, or one row
   * if longer), in flat passes so that rows shorter than a vector still run vectorized: each row's max spread
   * over a per-thread scratch row, {@code e^(x − max)} over the block, each row's sum spread the same way,
   * then one division pass.
   */
  @Override
  public void softmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols) {
    if (rows == 0 || cols == 0) {
      return;
    }
    int rowsPerBlock = Math.max(1, SOFTMAX_BLOCK_FLOATS / cols);
    float[] rowValue = scratch(Math.min(rows, rowsPerBlock) * cols);
    float[] lanes = this.lanes.get();
    for (int r0 = 0; r0 < rows; r0 += rowsPerBlock) {
      int r1 = Math.min(rows, r0 + rowsPerBlock);
      int n = (r1 - r0) * cols;
      int xb = xOff + r0 * cols;
      int ob = outOff + r0 * cols;
      for (int k = 0; k < n; k += cols) {
        Arrays.fill(rowValue, k, k + cols, rowMax(x, xb + k, cols));
      }
      VectorMath.expOfDifference(x, xb, rowValue, out, ob, n);
      for (int k = 0; k < n; k += cols) {
        Arrays.fill(rowValue, k, k + cols, (float) rowSum(out, ob + k, cols, lanes));
      }
      int j = 0;
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
   * {@code (x − max) − L} with {@code L = log(k + S)}, where k counts the elements equal to the row max (each
   * contributes e^0 = 1 exactly) and S sums the others, so that L stays accurate when one logit dominates and
   * L is tiny. Same blocks as softmax; the scratch row holds the marked, scaled exponentials of
   * {@link VectorMath#scaledExpOfDifferenceMarked}, followed by the block's row maxima.
   */
  @Override
  public void logSoftmax(float[] x, int xOff, float[] out, int outOff, int rows, int cols) {
    if (rows == 0 || cols == 0) {
      return;
    }
    int rowsPerBlock = Math.max(1, SOFTMAX_BLOCK_FLOATS / cols);
    int maxima = Math.min(rows, rowsPerBlock) * cols;
    float[] tmp = scratch(maxima + Math.min(rows, rowsPerBlock));
    float[] lanes = this.lanes.get();
    for (int r0 = 0; r0 < rows; r0 += rowsPerBlock) {
      int r1 = Math.min(rows, r0 + rowsPerBlock);
      int n = (r1 - r0) * cols;
      int xb = xOff + r0 * cols;
      for (int r = 0, k = 0; k < n; r++, k += cols) {
        float max = rowMax(x, xb + k, cols);
        tmp[maxima + r] = max;
        Arrays.fill(tmp, k, k + cols, max);
      }
      VectorMath.scaledExpOfDifferenceMarked(x, xb, tmp, n);
      for (int r = 0, k = 0; k < n; r++, k += cols) {
        double s = sumUnmarked(tmp, k, cols, lanes);
        float lse = logSumExp(lanes[2 * LANES], Math.scalb(s, -VectorMath.SUM_SCALE));
        float max = tmp[maxima + r];
        int xr = xb + k;
        int or = outOff + (r0 + r) * cols;
        int j = 0;
        for (int bound = FLOATS.loopBound(cols); j < bound; j += LANES) {
          FloatVector.fromArray(FLOATS, x, xr + j).sub(max).sub(lse).intoArray(out, or + j);
        }
        for (; j < cols; j++) {
          out[or + j] = (x[xr + j] - max) - lse;
        }
      }
    }
  }

  @Override
  public void softmaxBackward(float[] a, int aOff, float[] dA, int dAOff, float[] dZ, int dZOff, int rows,
      int cols) {
    int bound = FLOATS.loopBound(cols);
    float[] lanes = LaneSums.scratch();
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
        acc.intoArray(lanes, 0);
        dot = LaneSums.sum(lanes, 0);
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

  /**
   * Per-thread row values: a block of rows (at most SOFTMAX_BLOCK_FLOATS floats unless one row is longer) plus
   * one float per row. Grown on demand for rows longer than a block, then reused: no garbage per call once
   * warm. Holds floats, never vectors.
   */
  private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[2 * SOFTMAX_BLOCK_FLOATS]);

  /** Two vectors' worth of floats per thread for {@link #laneSum}, plus the count out of {@link #sumUnmarked}. */
  private final ThreadLocal<float[]> lanes = ThreadLocal.withInitial(() -> new float[2 * LANES + 1]);

  private float[] scratch(int n) {
    float[] s = scratch.get();
    if (s.length < n) {
      s = new float[n];
      scratch.set(s);
    }
    return s;
  }

  /**
   * Row maximum. Short rows are scanned in scalar code (a vector reduction per short row costs more than it
   * saves) that may skip a NaN, unlike Math.max; that is harmless, as its own e^(NaN − max) then turns the
   * row's sum, and so the whole row, into NaN.
   */
  private static float rowMax(float[] x, int off, int n) {
    if (n < SOFTMAX_MIN_ROW_VECTOR_COLS) {
      float max = x[off];
      for (int j = 1; j < n; j++) {
        float v = x[off + j];
        max = v > max ? v : max;
      }
      return max;
    }
    FloatVector m = FloatVector.fromArray(FLOATS, x, off);
    int j = LANES;
    for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
      m = m.max(FloatVector.fromArray(FLOATS, x, off + j));
    }
    float max = m.reduceLanes(VectorOperators.MAX);
    for (; j < n; j++) {
      max = Math.max(max, x[off + j]);
    }
    return max;
  }

  /**
   * Row sum in double for short rows; long rows with a compensated (Kahan) vector accumulator reduced in
   * double: a plain float sum would add several ulp to every softmax output.
   */
  private static double rowSum(float[] a, int off, int n, float[] lanes) {
    double s = 0;
    int j = 0;
    if (n >= SOFTMAX_MIN_ROW_VECTOR_COLS) {
      FloatVector sum = FloatVector.zero(FLOATS);
      FloatVector comp = FloatVector.zero(FLOATS);
      for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
        FloatVector y = FloatVector.fromArray(FLOATS, a, off + j).sub(comp);
        FloatVector t = sum.add(y);
        comp = t.sub(sum).sub(y);
        sum = t;
      }
      sum.intoArray(lanes, 0);
      comp.intoArray(lanes, LANES);
      s = laneSum(lanes, 0) - laneSum(lanes, LANES);
    }
    for (; j < n; j++) {
      s += a[off + j];
    }
    return s;
  }

  /**
   * For marked exponentials (see {@link VectorMath#scaledExpOfDifferenceMarked}): returns the sum of the
   * unmarked values (Kahan-compensated as in {@link #rowSum}; NaN if any is NaN) and stores the number of −1
   * markers in {@code lanes[2 * LANES]}.
   */
  private static double sumUnmarked(float[] t, int off, int n, float[] lanes) {
    double s = 0;
    double k = 0;
    int j = 0;
    if (n >= SOFTMAX_MIN_ROW_VECTOR_COLS) {
      FloatVector sum = FloatVector.zero(FLOATS);
      FloatVector comp = FloatVector.zero(FLOATS);
      FloatVector count = FloatVector.zero(FLOATS);
      for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
        FloatVector v = FloatVector.fromArray(FLOATS, t, off + j);
        VectorMask<Float> marker = v.compare(VectorOperators.EQ, -1f);
        count = count.add(FloatVector.zero(FLOATS).blend(1f, marker));
        FloatVector y = v.blend(0f, marker).sub(comp);
        FloatVector u = sum.add(y);
        comp = u.sub(sum).sub(y);
        sum = u;
      }
      sum.intoArray(lanes, 0);
      comp.intoArray(lanes, LANES);
      s = laneSum(lanes, 0) - laneSum(lanes, LANES);
      count.intoArray(lanes, 0);
      k = laneSum(lanes, 0);
    }
    for (; j < n; j++) {
      float v = t[off + j];
      if (v == -1f) {
        k++;
      } else {
        s += v;
      }
    }
    lanes[2 * LANES] = (float) k;
    return s;
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
}
