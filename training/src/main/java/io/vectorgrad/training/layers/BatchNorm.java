package io.vectorgrad.training.layers;

import java.util.Arrays;
import java.util.List;

/**
 * Batch normalisation (Ioffe &amp; Szegedy 2015) over each feature: in training
 * {@code y = γ·(x − μ_B)/√(σ²_B + ε) + β} with the mini-batch mean and biased variance; at inference (a
 * {@code null} pass, or a pass not in training mode) the running statistics replace them. Tensors as
 * PyTorch's {@code nn.BatchNorm1d}: {@code prefix.weight} (γ), {@code prefix.bias} (β),
 * {@code prefix.running_mean}, {@code prefix.running_var} (unbiased, momentum {@value #MOMENTUM}).
 *
 * <p><b>Running statistics are updated in backward</b>, which every schedule runs exactly once per block
 * and step, never in forward, which checkpointing may recompute: so a checkpointed step folds in each
 * batch once, unlike PyTorch's {@code checkpoint}, and the statistics match store-all bit for bit. Forward
 * stays a pure function of its input, as the schedule contract demands. Backward recomputes μ_B and σ_B
 * from the kept input with the same code as forward.
 */
public final class BatchNorm implements Normalization {
  /** Weight of the new batch in the running statistics, PyTorch's default. */
  public static final float MOMENTUM = 0.1f;

  private final int width;
  private final Parameter gamma;
  private final Parameter beta;
  private final List<Parameter> parameters;
  private final Parameter runningMean;
  private final Parameter runningVar;
  private final List<Parameter> state;
  // per-feature work arrays of the training step (one network trains a model at a time)
  private final float[] mean;
  private final float[] rstd;
  private final float[] variance;
  private final double[] sumA;
  private final double[] sumB;

  public BatchNorm(String prefix, int width) {
    if (width < 1) {
      throw new IllegalArgumentException("BatchNorm width=" + width + ": expected >= 1");
    }
    this.width = width;
    gamma = Parameter.trainable(prefix + ".weight", width);
    beta = Parameter.trainable(prefix + ".bias", width);
    parameters = List.of(gamma, beta);
    runningMean = Parameter.state(prefix + ".running_mean", width);
    runningVar = Parameter.state(prefix + ".running_var", width);
    state = List.of(runningMean, runningVar);
    Arrays.fill(gamma.values(), 1f);
    Arrays.fill(runningVar.values(), 1f);
    mean = new float[width];
    rstd = new float[width];
    variance = new float[width];
    sumA = new double[width];
    sumB = new double[width];
  }

  @Override
  public NormKind kind() {
    return NormKind.BATCH;
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

  @Override
  public List<Parameter> state() {
    return state;
  }

  public float[] runningMean() {
    return runningMean.values();
  }

  public float[] runningVariance() {
    return runningVar.values();
  }

  private static boolean batchStatistics(TrainingPass pass) {
    return pass != null && pass.training;
  }

  /** Batch mean, biased variance and 1/√(σ²_B + ε) into the work arrays; allocates nothing. */
  private void batchStatistics(float[] x, int off, int rows) {
    Arrays.fill(sumA, 0);
    for (int r = 0; r < rows; r++) {
      int o = off + r * width;
      for (int j = 0; j < width; j++) {
        sumA[j] += x[o + j];
      }
    }
    for (int j = 0; j < width; j++) {
      mean[j] = (float) (sumA[j] / rows);
    }
    Arrays.fill(sumA, 0);
    for (int r = 0; r < rows; r++) {
      int o = off + r * width;
      for (int j = 0; j < width; j++) {
        double d = x[o + j] - mean[j];
        sumA[j] += d * d;
      }
    }
    for (int j = 0; j < width; j++) {
      variance[j] = (float) (sumA[j] / rows);
      rstd[j] = (float) (1 / Math.sqrt(sumA[j] / rows + EPSILON));
    }
  }

  private static float runningInverseStd(float var) {
    return (float) (1 / Math.sqrt(var + EPSILON));
  }

  @Override
  public void forwardAt(float[] in, int inOff, float[] out, int outOff, int rows, TrainingPass pass) {
    float[] g = gamma.values();
    float[] b = beta.values();
    if (batchStatistics(pass)) {
      if (rows < 2) {
        throw new IllegalArgumentException(gamma.name().replace(".weight", "") + ": BatchNorm in training needs at least 2 rows, got " + rows
            + " (one row has no batch variance)");
      }
      batchStatistics(in, inOff, rows);
      for (int r = 0; r < rows; r++) {
        int xi = inOff + r * width;
        int yi = outOff + r * width;
        for (int j = 0; j < width; j++) {
          out[yi + j] = (in[xi + j] - mean[j]) * rstd[j] * g[j] + b[j];
        }
      }
    } else {
      // inference: no shared work arrays, so concurrent predictors are safe
      float[] rm = runningMean.values();
      float[] rv = runningVar.values();
      for (int r = 0; r < rows; r++) {
        int xi = inOff + r * width;
        int yi = outOff + r * width;
        for (int j = 0; j < width; j++) {
          out[yi + j] = (in[xi + j] - rm[j]) * runningInverseStd(rv[j]) * g[j] + b[j];
        }
      }
    }
  }

  @Override
  public void backwardAt(float[] in, int inOff, float[] dOut, int dOutOff, float[] dIn, int dInOff, int rows,
      TrainingPass pass) {
    float[] g = gamma.values();
    float[] dg = gamma.gradient();
    float[] db = beta.gradient();
    boolean batch = batchStatistics(pass);
    if (batch) {
      batchStatistics(in, inOff, rows);
    } else {
      float[] rm = runningMean.values();
      float[] rv = runningVar.values();
      for (int j = 0; j < width; j++) {
        mean[j] = rm[j];
        rstd[j] = runningInverseStd(rv[j]);
      }
    }
    Arrays.fill(sumA, 0);
    Arrays.fill(sumB, 0);
    for (int r = 0; r < rows; r++) {
      int xi = inOff + r * width;
      int di = dOutOff + r * width;
      for (int j = 0; j < width; j++) {
        float xhat = (in[xi + j] - mean[j]) * rstd[j];
        float dy = dOut[di + j];
        sumA[j] += dy;
        sumB[j] += dy * xhat;
      }
    }
    for (int j = 0; j < width; j++) {
      db[j] = (float) (sumA[j] / rows);
      dg[j] = (float) (sumB[j] / rows);
    }
    if (dIn != null) {
      for (int r = 0; r < rows; r++) {
        int xi = inOff + r * width;
        int di = dOutOff + r * width;
        int oi = dInOff + r * width;
        for (int j = 0; j < width; j++) {
          float s = g[j] * rstd[j];
          if (batch) {
            // the batch statistics depend on every row: per-sample gradient γ·rstd·(g − mean(g) − x̂·mean(g·x̂))
            float xhat = (in[xi + j] - mean[j]) * rstd[j];
            dIn[oi + j] = s * (dOut[di + j] - db[j] - xhat * dg[j]);
          } else {
            dIn[oi + j] = s * dOut[di + j];
          }
        }
      }
    }
    if (batch && pass.updateStatistics) {
      float[] rm = runningMean.values();
      float[] rv = runningVar.values();
      double unbiased = rows > 1 ? (double) rows / (rows - 1) : 1.0;
      for (int j = 0; j < width; j++) {
        float var = (float) (variance[j] * unbiased);
        rm[j] = (1f - MOMENTUM) * rm[j] + MOMENTUM * mean[j];
        rv[j] = (1f - MOMENTUM) * rv[j] + MOMENTUM * var;
      }
    }
  }

  @Override
  public BatchNorm copy() {
    BatchNorm n = new BatchNorm(gamma.name().substring(0, gamma.name().length() - ".weight".length()), width);
    System.arraycopy(gamma.values(), 0, n.gamma.values(), 0, width);
    System.arraycopy(beta.values(), 0, n.beta.values(), 0, width);
    System.arraycopy(runningMean.values(), 0, n.runningMean.values(), 0, width);
    System.arraycopy(runningVar.values(), 0, n.runningVar.values(), 0, width);
    return n;
  }

  @Override
  public String describe() {
    return "batchnorm(" + width + ")";
  }
}
