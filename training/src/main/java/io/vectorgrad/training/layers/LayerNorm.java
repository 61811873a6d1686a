package io.vectorgrad.training.layers;

import java.util.List;

/**
 * Layer normalisation (Ba et al. 2016) over each row's features: {@code y = γ·(x − μ)/√(σ² + ε) + β} with
 * the row's mean μ and biased variance σ². Parameters {@code prefix.weight} (γ, ones) and
 * {@code prefix.bias} (β, zeros), as PyTorch's {@code nn.LayerNorm}. Backward recomputes μ and σ from the
 * kept input by the same code as forward (same bits), so it keeps nothing beyond its output.
 *
 * <p>Plain loops accumulating in double: O(rows·width) next to the GEMMs around it, and no kernel computes
 * row statistics.
 */
public final class LayerNorm implements Normalization {
  private final int width;
  private final Parameter gamma;
  private final Parameter beta;
  private final List<Parameter> parameters;

  public LayerNorm(String prefix, int width) {
    if (width < 1) {
      throw new IllegalArgumentException("LayerNorm width=" + width + ": expected >= 1");
    }
    this.width = width;
    gamma = Parameter.trainable(prefix + ".weight", width);
    beta = Parameter.trainable(prefix + ".bias", width);
    parameters = List.of(gamma, beta);
    java.util.Arrays.fill(gamma.values(), 1f);
  }

  @Override
  public NormKind kind() {
    return NormKind.LAYER;
  }

  @Override
  public int inputWidth() {
    return width;
  }

  @Override
  public int outputWidth() {
    return width;
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  static float mean(float[] x, int off, int n) {
    double s = 0;
    for (int j = 0; j < n; j++) {
      s += x[off + j];
    }
    return (float) (s / n);
  }

  static float inverseStd(float[] x, int off, int n, float mean) {
    double v = 0;
    for (int j = 0; j < n; j++) {
      double d = x[off + j] - mean;
      v += d * d;
    }
    return (float) (1 / Math.sqrt(v / n + EPSILON));
  }

  @Override
  public void forwardAt(float[] in, int inOff, float[] out, int outOff, int rows, TrainingPass pass) {
    float[] g = gamma.values();
    float[] b = beta.values();
    for (int r = 0; r < rows; r++) {
      int xi = inOff + r * width;
      int yi = outOff + r * width;
      float mu = mean(in, xi, width);
      float rstd = inverseStd(in, xi, width, mu);
      for (int j = 0; j < width; j++) {
        out[yi + j] = (in[xi + j] - mu) * rstd * g[j] + b[j];
      }
    }
  }

  @Override
  public void backwardAt(float[] in, int inOff, float[] dOut, int dOutOff, float[] dIn, int dInOff, int rows,
      TrainingPass pass) {
    float[] g = gamma.values();
    float[] dg = gamma.gradient();
    float[] db = beta.gradient();
    java.util.Arrays.fill(dg, 0f);
    java.util.Arrays.fill(db, 0f);
    for (int r = 0; r < rows; r++) {
      int xi = inOff + r * width;
      int di = dOutOff + r * width;
      float mu = mean(in, xi, width);
      float rstd = inverseStd(in, xi, width, mu);
      double sumG = 0;
      double sumGx = 0;
      for (int j = 0; j < width; j++) {
        float xhat = (in[xi + j] - mu) * rstd;
        float dy = dOut[di + j];
        dg[j] += dy * xhat;
        db[j] += dy;
        float gj = dy * g[j];
        sumG += gj;
        sumGx += gj * xhat;
      }
      if (dIn != null) {
        float meanG = (float) (sumG / width);
        float meanGx = (float) (sumGx / width);
        int oi = dInOff + r * width;
        for (int j = 0; j < width; j++) {
          float xhat = (in[xi + j] - mu) * rstd;
          dIn[oi + j] = rstd * (dOut[di + j] * g[j] - meanG - xhat * meanGx);
        }
      }
    }
    float invM = 1f / rows;
    for (int j = 0; j < width; j++) {
      dg[j] *= invM;
      db[j] *= invM;
    }
  }

  @Override
  public LayerNorm copy() {
    LayerNorm n = new LayerNorm(gamma.name().substring(0, gamma.name().length() - ".weight".length()), width);
    System.arraycopy(gamma.values(), 0, n.gamma.values(), 0, width);
    System.arraycopy(beta.values(), 0, n.beta.values(), 0, width);
    return n;
  }

  @Override
  public String describe() {
    return "layernorm(" + width + ")";
  }
}
