package io.vectorgrad.kernels;

import static io.vectorgrad.kernels.KernelTesting.ulpError;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The accuracy contract of sigmoid and tanh — within 4 ulp of a double-precision reference for every
 * finite float (ulp measure and subnormal floor: see {@link KernelTesting}) — on a dense sweep of all
 * float bit patterns plus random samples of the regions where implementations usually fail: tiny |x|
 * (tanh x ≈ x, sigmoid ≈ 1/2), the transition, saturation, and subnormal results.
 */
class ActivationAccuracyTest {
  private static final double MAX_ULP = 4;
  private static final int BATCH = 4096;

  interface Kernel {
    void apply(float[] x, int xOff, float[] out, int outOff, int n);
  }

  /** Tracks the worst error; checks whole batches so that the vector lanes and the scalar tail both run. */
  private static final class Worst {
    final String name;
    final Kernel kernel;
    final DoubleUnaryOperator ref;
    final float[] x = new float[BATCH + 3];
    final float[] out = new float[BATCH + 3];
    int n;
    double ulp;
    float at;
    long checked;

    Worst(String name, Kernel kernel, DoubleUnaryOperator ref) {
      this.name = name;
      this.kernel = kernel;
      this.ref = ref;
    }

    void add(float v) {
      if (!Float.isFinite(v)) {
        return;
      }
      x[n++] = v;
      if (n == BATCH + 3) { // not a multiple of 8 or 16: the last lanes go through the scalar tail
        flush();
      }
    }

    void flush() {
      kernel.apply(x, 0, out, 0, n);
      for (int i = 0; i < n; i++) {
        double e = ulpError(out[i], ref.applyAsDouble(x[i]));
        if (!(e <= ulp)) {
          ulp = e;
          at = x[i];
        }
      }
      checked += n;
      n = 0;
    }

    void assertWithin() {
      flush();
      assertTrue(checked > 100_000, name + " checked only " + checked + " values");
      assertTrue(ulp <= MAX_ULP, name + ": " + ulp + " ulp at x=" + at + " (" + Integer.toHexString(
          Float.floatToRawIntBits(at)) + "), over " + checked + " values");
    }
  }

  private static void sweep(Worst w) {
    // every 4099th bit pattern: ~1M values spread over all binades of both signs
    for (long bits = 0; bits <= 0xFFFF_FFFFL; bits += 4099) {
      w.add(Float.intBitsToFloat((int) bits));
    }
    Random rnd = new Random(31);
    for (int i = 0; i < 100_000; i++) {
      w.add((rnd.nextFloat() * 2 - 1) * 120f); // transition and saturation
      w.add((rnd.nextFloat() * 2 - 1) * 1e-4f); // tiny: tanh x ≈ x, sigmoid ≈ 1/2
      w.add((float) ((rnd.nextBoolean() ? 1 : -1) * Math.pow(10, -45 * rnd.nextDouble()))); // down to subnormal
      w.add(-87f - 18f * rnd.nextFloat()); // sigmoid results subnormal
      w.add((rnd.nextFloat() * 2 - 1) * 10f); // tanh saturation edge (|x| ≈ 9)
    }
    w.assertWithin();
  }

  @Test
  void sigmoidIsWithin4UlpEverywhere() {
    sweep(new Worst("sigmoid", Activations::sigmoid, x -> 1 / (1 + Math.exp(-x))));
  }

  @Test
  void tanhIsWithin4UlpEverywhere() {
    sweep(new Worst("tanh", Activations::tanh, Math::tanh));
  }

  @Test
  void theUlpMeasureHasASubnormalFloor() {
    assertTrue(ulpError(Float.MIN_VALUE * 3, 0.0) == 3);
    assertTrue(ulpError(1f, 1.0) == 0);
    assertTrue(ulpError(Math.nextUp(1f), 1.0) == 1);
    assertTrue(ulpError(Float.NaN, 1.0) == Double.POSITIVE_INFINITY);
    assertTrue(ulpError(Float.NaN, Double.NaN) == 0);
  }
}
