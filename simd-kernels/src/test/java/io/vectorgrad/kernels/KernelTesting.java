package io.vectorgrad.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/**
 * Shared helpers for the element-wise and activation tests: the size ladder, padded arrays with a
 * sentinel around the used range, and the ulp measure.
 *
 * <p>Ulp tolerance: the error of a float result against a double reference, in units of
 * {@code Math.ulp((float) ref)}. For subnormal references that unit is {@link Float#MIN_VALUE}, so
 * "within 4 ulp" there means an absolute error of at most 4·MIN_VALUE (the same floor applies to a
 * reference that rounds to 0). NaN must match NaN; infinite references must match exactly.
 */
final class KernelTesting {
  private KernelTesting() {}

  /** 0, 1, primes, 2^k ± 1 and the powers of two between (covers 8- and 16-lane tails). */
  static final int[] SIZES = {0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 64, 65, 127, 129, 1021};

  /** Value of the untouched padding around every output range. */
  static final float SENTINEL = -12345.5f;

  static final int PAD = 19;

  /** {@code off + n + PAD} floats: random in [lo, hi) inside, {@link #SENTINEL} outside. */
  static float[] padded(Random rnd, int off, int n, float lo, float hi) {
    float[] a = new float[off + n + PAD];
    java.util.Arrays.fill(a, SENTINEL);
    for (int i = 0; i < n; i++) {
      a[off + i] = lo + (hi - lo) * rnd.nextFloat();
    }
    return a;
  }

  static void assertPadding(float[] a, int off, int n) {
    for (int i = 0; i < a.length; i++) {
      if ((i < off || i >= off + n) && Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(SENTINEL)) {
        fail("element " + i + " outside the output range [" + off + ", " + (off + n) + ") was overwritten: "
            + a[i]);
      }
    }
  }

  /** Error of {@code got} against {@code ref} in ulps of the reference rounded to float (see class doc). */
  static double ulpError(float got, double ref) {
    if (Double.isNaN(ref)) {
      return Float.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
    }
    if (Float.isNaN(got)) {
      return Double.POSITIVE_INFINITY;
    }
    float rf = (float) ref;
    if (Float.isInfinite(rf) || Float.isInfinite(got)) {
      return got == rf ? 0 : Double.POSITIVE_INFINITY;
    }
    return Math.abs(got - ref) / Math.ulp(rf);
  }

  static void assertUlp(double maxUlp, float got, double ref, String what) {
    double e = ulpError(got, ref);
    if (!(e <= maxUlp)) {
      fail(what + ": got " + got + " expected " + ref + " (" + e + " ulp > " + maxUlp + ")");
    }
  }

  /** |got − ref| <= tol, NaN only where the reference is NaN. */
  static void assertNear(double ref, float got, double tol, String what) {
    if (Double.isNaN(ref) || Float.isNaN(got)) {
      assertEquals(Double.isNaN(ref), Float.isNaN(got), what + ": got " + got + " expected " + ref);
      return;
    }
    if (!(Math.abs(got - ref) <= tol)) {
      fail(what + ": got " + got + " expected " + ref + " (|error| " + Math.abs(got - ref) + " > " + tol + ")");
    }
  }

  static void assertBits(float expected, float got, String what) {
    if (Float.floatToIntBits(expected) != Float.floatToIntBits(got)) {
      fail(what + ": got " + got + " expected exactly " + expected);
    }
  }
}
