package io.vectorgrad.kernels.panama;

import io.vectorgrad.kernels.scalar.ScalarElementwise;
import io.vectorgrad.kernels.spi.ElementwiseSupport;

/** TEMPORARY shell: delegates to the scalar kernels until the Vector API versions land. */
final class PanamaElementwise implements ElementwiseSupport {
  private final ScalarElementwise scalar = new ScalarElementwise();

  @Override
  public void hadamard(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
    scalar.hadamard(x, xOff, y, yOff, out, outOff, n);
  }

  @Override
  public void add(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
    scalar.add(x, xOff, y, yOff, out, outOff, n);
  }

  @Override
  public void sub(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
    scalar.sub(x, xOff, y, yOff, out, outOff, n);
  }

  @Override
  public void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
    scalar.scale(alpha, x, xOff, out, outOff, n);
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    scalar.axpy(alpha, x, xOff, y, yOff, n);
  }

  @Override
  public void fill(float value, float[] out, int outOff, int n) {
    scalar.fill(value, out, outOff, n);
  }

  @Override
  public void copy(float[] x, int xOff, float[] out, int outOff, int n) {
    scalar.copy(x, xOff, out, outOff, n);
  }

  @Override
  public void addRowVector(float[] row, int rowOff, float[] c, int cOff, int ldc, int rows, int cols) {
    scalar.addRowVector(row, rowOff, c, cOff, ldc, rows, cols);
  }

  @Override
  public void columnSums(float[] a, int aOff, int lda, float[] out, int outOff, int rows, int cols) {
    scalar.columnSums(a, aOff, lda, out, outOff, rows, cols);
  }

  @Override
  public float sumOfSquares(float[] x, int xOff, int n) {
    return scalar.sumOfSquares(x, xOff, n);
  }

  @Override
  public float maxAbs(float[] x, int xOff, int n) {
    return scalar.maxAbs(x, xOff, n);
  }
}
