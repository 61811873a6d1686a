package io.vectorgrad.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments to {@link Gemm#sgemm}: an IllegalArgumentException naming the argument, C untouched. */
class GemmValidationTest {
  private final float[] a = filled(2 * 3, 1f);
  private final float[] b = filled(3 * 4, 2f);
  private final float[] c = filled(2 * 4, 7f);

  private static float[] filled(int n, float v) {
    float[] x = new float[n];
    Arrays.fill(x, v);
    return x;
  }

  private void rejects(String name, Executable call) {
    float[] before = c.clone();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(name), () -> "message should name " + name + ": " + e.getMessage());
    assertArrayEquals(before, c, "C must be untouched when " + name + " is rejected");
  }

  @Test
  void aValidCallPasses() {
    Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 4);
    assertArrayEquals(filled(8, 6f), c);
  }

  @Test
  void negativeSizes() {
    rejects("m", () -> Gemm.sgemm(false, false, -1, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 4));
    rejects("n", () -> Gemm.sgemm(false, false, 2, -4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 4));
    rejects("k", () -> Gemm.sgemm(false, false, 2, 4, -3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 4));
  }

  @Test
  void badOffsets() {
    rejects("aOff", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, -1, 3, b, 0, 4, 0f, c, 0, 4));
    rejects("aOff", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 1, 3, b, 0, 4, 0f, c, 0, 4));
    rejects("bOff", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 2, 4, 0f, c, 0, 4));
    rejects("cOff", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, -2, 4));
    rejects("cOff", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 1, 4));
  }

  @Test
  void leadingDimensionsShorterThanTheRow() {
    rejects("lda", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 2, b, 0, 4, 0f, c, 0, 4));
    // transA: A is stored k×m = 3×2, so lda >= 2
    rejects("lda", () -> Gemm.sgemm(true, false, 2, 4, 3, 1f, a, 0, 1, b, 0, 4, 0f, c, 0, 4));
    rejects("ldb", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 3, 0f, c, 0, 4));
    rejects("ldb", () -> Gemm.sgemm(false, true, 2, 4, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 4));
    rejects("ldc", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 3));
  }

  @Test
  void arraysTooShort() {
    rejects("a", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, new float[5], 0, 3, b, 0, 4, 0f, c, 0, 4));
    rejects("b", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, new float[11], 0, 4, 0f, c, 0, 4));
    rejects("c", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, new float[7], 0, 4));
    // a too-large ld makes the last row run past the end
    rejects("ldc", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 5));
  }

  @Test
  void nullArrays() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, null, 0, 3, b, 0, 4, 0f, c, 0, 4));
    assertTrue(e.getMessage().contains("a"), e.getMessage());
  }

  @Test
  void cOverlappingAOrB() {
    float[] shared = new float[40];
    Arrays.fill(shared, 3f);
    float[] before = shared.clone();
    // A at [0, 6), C at [4, 12): overlap
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, shared, 0, 3, b, 0, 4, 0f, shared, 4, 4));
    assertTrue(e.getMessage().contains("overlaps a"), e.getMessage());
    // B at [20, 32), C at [14, 22): overlap
    e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, shared, 20, 4, 0f, shared, 14, 4));
    assertTrue(e.getMessage().contains("overlaps b"), e.getMessage());
    assertArrayEquals(before, shared);
    // disjoint ranges of one array are fine
    Gemm.sgemm(false, false, 2, 4, 3, 1f, shared, 0, 3, shared, 6, 4, 0f, shared, 18, 4);
    assertArrayEquals(filled(8, 27f), Arrays.copyOfRange(shared, 18, 26));
  }

  @Test
  void threadsBelowOne() {
    rejects("threads", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 4, 0));
    rejects("threads", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 4, -3));
  }
}
