package io.vectorgrad.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad arguments to the element-wise and activation facades: an IllegalArgumentException naming the argument,
 * and nothing written to any output.
 */
class ElementwiseValidationTest {
  private final float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
  private final float[] y = {1, 2, 3, 4, 5, 6, 7, 8};
  private final float[] out = {9, 9, 9, 9, 9, 9, 9, 9};

  private static void rejects(String fragment, float[] output, Executable call) {
    float[] before = output.clone();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), "message should name '" + fragment + "': " + e.getMessage());
    assertArrayEquals(before, output, "nothing may be written when validation fails");
  }

  @Test
  void negativeSizesAreRejected() {
    rejects("n=-1", out, () -> Elementwise.hadamard(x, 0, y, 0, out, 0, -1));
    rejects("n=-1", out, () -> Elementwise.fill(0f, out, 0, -1));
    rejects("n=-1", y, () -> Elementwise.axpy(1f, x, 0, y, 0, -1));
    rejects("n=-1", out, () -> Activations.sigmoid(x, 0, out, 0, -1));
    rejects("n=-1", out, () -> Activations.reluBackward(x, 0, y, 0, out, 0, -1));
    rejects("rows=-1", out, () -> Activations.softmax(x, 0, out, 0, -1, 2));
    rejects("cols=-2", out, () -> Activations.logSoftmax(x, 0, out, 0, 2, -2));
    rejects("rows=-1", out, () -> Elementwise.columnSums(x, 0, 2, out, 0, -1, 2));
    rejects("cols=-1", out, () -> Elementwise.addRowVector(y, 0, out, 0, 2, 2, -1));
  }

  @Test
  void badOffsetsAndShortArraysAreRejected() {
    rejects("xOff=-1", out, () -> Elementwise.add(x, -1, y, 0, out, 0, 2));
    rejects("yOff=7", out, () -> Elementwise.sub(x, 0, y, 7, out, 0, 2));
    rejects("outOff=4", out, () -> Elementwise.scale(2f, x, 0, out, 4, 5));
    rejects("x.length=8", out, () -> Elementwise.copy(x, 0, out, 0, 9));
    rejects("outOff=9", out, () -> Elementwise.fill(1f, out, 9, 0));
    rejects("yOff=3", y, () -> Elementwise.axpy(1f, x, 0, y, 3, 6));
    rejects("xOff=1", out, () -> Activations.tanh(x, 1, out, 0, 8));
    rejects("dZOff=1", out, () -> Activations.tanhBackward(x, 0, y, 0, out, 1, 8));
    rejects("aOff=-3", out, () -> Activations.sigmoidBackward(x, -3, y, 0, out, 0, 1));
    rejects("dAOff=2", out, () -> Activations.leakyReluBackward(0.1f, x, 0, y, 2, out, 0, 7));
    // rows × cols must fit the arrays
    rejects("xOff=0", out, () -> Activations.softmax(x, 0, out, 0, 3, 3));
    rejects("outOff=1", out, () -> Activations.logSoftmax(x, 0, out, 1, 2, 4));
    rejects("dZOff=0", new float[5], () -> Activations.softmaxBackward(x, 0, y, 0, new float[5], 0, 2, 4));
    rejects("exceeds", out, () -> Activations.softmax(x, 0, out, 0, 1 << 16, 1 << 16));
    rejects("exceeds", out, () -> Activations.softmaxBackward(x, 0, y, 0, out, 0, 1 << 16, 1 << 16));
    // matrix kernels: leading dimension and extent
    rejects("lda=1", out, () -> Elementwise.columnSums(x, 0, 1, out, 0, 2, 2));
    rejects("needs 9", out, () -> Elementwise.columnSums(x, 0, 3, out, 0, 3, 3));
    rejects("outOff=7", out, () -> Elementwise.columnSums(x, 0, 2, out, 7, 2, 2));
    rejects("ldc=2", out, () -> Elementwise.addRowVector(y, 0, out, 0, 2, 2, 3));
    rejects("rowOff=6", out, () -> Elementwise.addRowVector(y, 6, out, 0, 4, 2, 3));
  }

  @Test
  void partialOverlapIsRejectedButInPlaceIsAllowed() {
    rejects("partially overlaps", x, () -> Elementwise.hadamard(x, 0, y, 0, x, 1, 4));
    rejects("partially overlaps", y, () -> Elementwise.add(x, 0, y, 0, y, 2, 4));
    rejects("partially overlaps", x, () -> Elementwise.scale(2f, x, 1, x, 0, 4));
    rejects("partially overlaps", x, () -> Elementwise.axpy(2f, x, 1, x, 0, 4));
    rejects("partially overlaps", x, () -> Activations.sigmoid(x, 0, x, 3, 4));
    rejects("partially overlaps", x, () -> Activations.sigmoidBackward(x, 0, y, 0, x, 1, 4));
    rejects("partially overlaps", x, () -> Activations.softmax(x, 0, x, 2, 2, 3));
    rejects("overlaps", x, () -> Elementwise.columnSums(x, 0, 2, x, 3, 2, 2));
    rejects("overlaps", x, () -> Elementwise.addRowVector(x, 1, x, 0, 2, 2, 2));
    float[] a = {1, 2, 3};
    Elementwise.hadamard(a, 0, a, 0, a, 0, 3);
    assertArrayEquals(new float[] {1, 4, 9}, a);
  }

  @Test
  void leakySlopeMustBeFiniteAndNonNegative() {
    for (float slope : new float[] {-0.01f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      rejects("slope=" + slope, out, () -> Activations.leakyRelu(slope, x, 0, out, 0, 4));
      rejects("slope=" + slope, out, () -> Activations.leakyReluBackward(slope, x, 0, y, 0, out, 0, 4));
    }
  }

  @Test
  void nullArraysAreNamed() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> Elementwise.hadamard(x, 0, null, 0, out, 0, 1));
    assertTrue(e.getMessage().contains("y"), e.getMessage());
  }
}
