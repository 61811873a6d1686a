package io.vectorgrad.kernels.scalar;

import io.vectorgrad.kernels.spi.ElementwiseSupport;

/** Plain loops; the reference the Panama kernels are measured against. */
public final class ScalarElementwise implements ElementwiseSupport {
  @Override
  public void hadamard(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = x[xOff + i] * y[yOff + i];
    }
  }

  @Override
  public void add(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = x[xOff + i] + y[yOff + i];
    }
  }

  @Override
  public void sub(float[] x, int xOff, float[] y, int yOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = x[xOff + i] - y[yOff + i];
    }
  }

  @Override
  public void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = alpha * x[xOff + i];
    }
  }

  @Override
  public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  public void fill(float value, float[] out, int outOff, int n) {
    java.util.Arrays.fill(out, outOff, outOff + n, value);
  }

  @Override
  public void copy(float[] x, int xOff, float[] out, int outOff, int n) {
    System.arraycopy(x, xOff, out, outOff, n);
  }

  @Override
  public void addRowVector(float[] row, int rowOff, float[] c, int cOff, int ldc, int rows, int cols) {
    for (int i = 0; i < rows; i++) {
      int r = cOff + i * ldc;
      for (int j = 0; j < cols; j++) {
        c[r + j] += row[rowOff + j];
      }
    }
  }

  @Override
  public void columnSums(float[] a, int aOff, int lda, float[] out, int outOff, int rows, int cols) {
    java.util.Arrays.fill(out, outOff, outOff + cols, 0f);
    for (int i = 0; i < rows; i++) {
      int r = aOff + i * lda;
      for (int j = 0; j < cols; j++) {
        out[outOff + j] += a[r + j];
      }
    }
  }

  @Override
  public float sumOfSquares(float[] x, int xOff, int n) {
    float s = 0f;
    for (int i = 0; i < n; i++) {
      float v = x[xOff + i];
      s += v * v;
    }
    return s;
  }

  @Override
  public float maxAbs(float[] x, int xOff, int n) {
    float m = 0f;
    for (int i = 0; i < n; i++) {
      float v = Math.abs(x[xOff + i]);
      if (v != v) {
        return Float.NaN;
      }
      m = Math.max(m, v);
    }
    return m;
  }
}
