package io.vectorgrad.kernels.spi;

/**
 * Unchecked element-wise kernels, validated by {@link io.vectorgrad.kernels.Elementwise}. Outputs may
 * alias an input exactly (same array, same offset) but never overlap it partially. Sizes are {@code >= 0}.
 */
public interface ElementwiseSupport {
  void hadamard(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n);

  void add(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n);

  void sub(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n);

  void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n);

  void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

  void fill(float value, float[] out, int outOff, int n);

  void copy(float[] x, int xOff, float[] out, int outOff, int n);

  void addRowVector(float[] row, int rowOff, float[] c, int cOff, int ldc, int rows, int cols);

  void columnSums(float[] a, int aOff, int lda, float[] out, int outOff, int rows, int cols);

  float sumOfSquares(float[] x, int xOff, int n);

  float maxAbs(float[] x, int xOff, int n);
}
