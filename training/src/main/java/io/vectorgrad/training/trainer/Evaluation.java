package io.vectorgrad.training.trainer;

import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.data.Dataset;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.model.Model;
import java.util.Objects;

/**
 * Accuracy and mean loss of a model on a data set, in inference mode (no dropout), through the same
 * forward code as training. An instance keeps its buffers for repeated use (the trainer validates every
 * epoch with one); the static helpers make a throw-away instance.
 */
public final class Evaluation {
  /**
   * Result of an evaluation; {@code accuracy} is NaN for regression data, {@code loss} NaN without a loss;
   * {@code nonFiniteRows} counts samples whose output holds NaN or ∞ (the loss is then NaN or ∞ too).
   */
  public record Result(double accuracy, double loss, int samples, int nonFiniteRows) {
    public Result(double accuracy, double loss, int samples) {
      this(accuracy, loss, samples, 0);
    }
  }

  private final Model model;
  private final Loss loss;
  private final int batch;
  private final int threads;
  private final float[] input;
  private final float[] target;
  private final float[] logits;
  private final float[] output;
  private final float[] scratchA;
  private final float[] scratchB;

  /** {@code loss} may be null (accuracy only). */
  public Evaluation(Model model, Loss loss, int batch, int threads) {
    this.model = Objects.requireNonNull(model, "model");
    this.loss = loss;
    if (loss != null) {
      loss.checkCompatible(model.outputActivation());
    }
    if (batch < 1 || threads < 1) {
      throw new IllegalArgumentException("batch=" + batch + ", threads=" + threads + ": expected both >= 1");
    }
    this.batch = batch;
    this.threads = threads;
    input = new float[Math.multiplyExact(batch, model.inputSize())];
    target = new float[Math.multiplyExact(batch, model.outputSize())];
    logits = new float[target.length];
    output = new float[target.length];
    scratchA = new float[Math.multiplyExact(batch, model.maxWidth())];
    scratchB = new float[scratchA.length];
  }

  public Result run(Dataset data) {
    return run(data, null);
  }

  /**
   * As {@link #run(Dataset)}, also writing each sample's predicted class (arg max of the output) into
   * {@code predictions} when it is not null (classification data; at least {@code data.size()} long).
   */
  public Result run(Dataset data, int[] predictions) {
    Objects.requireNonNull(data, "data");
    if (predictions != null && (data.classCount() == 0 || predictions.length < data.size())) {
      throw new IllegalArgumentException("predictions need a classification data set and " + data.size()
          + " elements, got " + predictions.length + (data.classCount() == 0 ? " for regression data" : ""));
    }
    checkShapes(model, data);
    int in = model.inputSize();
    int out = model.outputSize();
    int n = data.size();
    boolean classify = data.classCount() > 0;
    double lossSum = 0;
    long correct = 0;
    int nonFinite = 0;
    for (int start = 0; start < n; start += batch) {
      int rows = Math.min(batch, n - start);
      for (int r = 0; r < rows; r++) {
        data.features(start + r, input, r * in);
        data.target(start + r, target, r * out);
      }
      model.forward(input, rows, logits, output, scratchA, scratchB, threads);
      for (int r = 0; r < rows; r++) {
        for (int j = r * out, end = j + out; j < end; j++) {
          if (!Float.isFinite(output[j])) {
            nonFinite++;
            break;
          }
        }
      }
      if (loss != null) {
        lossSum += loss.value(output, logits, target, rows, out) * rows;
      }
      if (classify) {
        for (int r = 0; r < rows; r++) {
          int predicted = Model.predictedClass(output, r * out, out);
          if (predictions != null) {
            predictions[start + r] = predicted;
          }
          if (predicted == data.label(start + r)) {
            correct++;
          }
        }
      }
    }
    return new Result(classify && n > 0 ? (double) correct / n : Double.NaN,
        loss != null && n > 0 ? lossSum / n : Double.NaN, n, nonFinite);
  }

  public static double accuracy(Model model, Dataset data) {
    return new Evaluation(model, null, 256, Kernels.defaultThreads()).run(data).accuracy();
  }

  public static double meanLoss(Model model, Loss loss, Dataset data) {
    return new Evaluation(model, Objects.requireNonNull(loss, "loss"), 256, Kernels.defaultThreads()).run(data).loss();
  }

  public static Result evaluate(Model model, Loss loss, Dataset data) {
    return new Evaluation(model, loss, 256, Kernels.defaultThreads()).run(data);
  }

  static void checkShapes(Model model, Dataset data) {
    if (data.featureCount() != model.inputSize()) {
      throw new IllegalArgumentException("data set " + data.name() + " has " + data.featureCount()
          + " features per sample but the model's input size is " + model.inputSize());
    }
    if (data.targetWidth() != model.outputSize()) {
      throw new IllegalArgumentException("data set " + data.name() + " has targets of width " + data.targetWidth()
          + " but the model has " + model.outputSize() + " outputs");
    }
  }
}
