package io.vectorgrad.training.trainer;

import io.vectorgrad.training.data.Dataset;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Trains a {@link Model} on a {@link Dataset}: epochs of seeded, shuffled mini-batches (Fisher–Yates with
 * a {@link SplittableRandom} from the config seed), one {@link TrainingStep} per batch, validation after
 * each epoch, optional early stopping, listeners.
 *
 * <p>Mini-batches are gathered into input and target buffers allocated once per fit; a step allocates
 * nothing once warm. The last mini-batch of an epoch is smaller when the batch size does not divide the
 * data set; it is trained on with its own prepared schedule execution unless
 * {@link TrainerConfig.Builder#dropLastPartialBatch} is set. Same model seed and config seed ⇒
 * bit-identical weights, whatever the thread count.
 */
public final class Trainer {
  private final Model model;
  private final Loss loss;
  private final TrainerConfig config;
  private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();

  public Trainer(Model model, Loss loss, TrainerConfig config) {
    this.model = Objects.requireNonNull(model, "model");
    this.loss = Objects.requireNonNull(loss, "loss");
    this.config = Objects.requireNonNull(config, "config");
    loss.checkCompatible(model.outputActivation());
  }

  public Model model() {
    return model;
  }

  public Loss loss() {
    return loss;
  }

  public TrainerConfig config() {
    return config;
  }

  public Trainer addListener(TrainingListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Trains for the configured epochs (or until early stopping).
   *
   * @param validation evaluated after every epoch; may be {@code null}
   * @throws NonFiniteException when the loss or a gradient becomes NaN or ∞ (names layer and step)
   * @throws IllegalArgumentException when the data do not fit the model
   */
  private static boolean hasBatchNorm(io.vectorgrad.training.layers.Block b) {
    return b instanceof io.vectorgrad.training.layers.BatchNorm
        || b instanceof io.vectorgrad.training.layers.Residual r && r.norm() == io.vectorgrad.training.layers.NormKind.BATCH;
  }

  public TrainingResult fit(Dataset train, Dataset validation) {
    Objects.requireNonNull(train, "train");
    Evaluation.checkShapes(model, train);
    if (validation != null) {
      Evaluation.checkShapes(model, validation);
    }
    int n = train.size();
    if (n == 0) {
      throw new IllegalArgumentException("training set " + train.name() + " is empty");
    }
    int bs = Math.min(config.batchSize(), n);
    int tail = n % bs;
    boolean batchNorm = model.blocks().stream().anyMatch(Trainer::hasBatchNorm);
    if (batchNorm && bs < 2) {
      throw new IllegalArgumentException("batch size " + bs + ": BatchNorm needs at least 2 rows per training batch"
          + " (one row has no batch variance)");
    }
    // a one-row last batch would give BatchNorm a zero variance: drop it
    boolean dropTail = (config.dropLastPartialBatch() || batchNorm && tail == 1) && n > bs;
    int batches = n / bs + (tail != 0 && !dropTail ? 1 : 0);
    int in = model.inputSize();
    int out = model.outputSize();
    int layers = model.blockCount();
    int epochs = config.epochs();
    boolean classify = train.classCount() > 0;

    TrainingStep step = new TrainingStep(model, loss, config.optimizer(), config.schedule(), config.clipping(),
        config.learningRateSchedule(), bs, config.threads());
    float[] inputFull = new float[bs * in];
    float[] targetFull = new float[bs * out];
    float[] inputTail = tail == 0 ? null : new float[tail * in];
    float[] targetTail = tail == 0 ? null : new float[tail * out];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    BatchGather gather = new BatchGather(train, order, config.threads());
    SplittableRandom rng = new SplittableRandom(config.seed());
    List<String> blockNames = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      blockNames.add("layers." + i);
    }
    GradientNormSummary norms = new GradientNormSummary(blockNames);
    Evaluation validator = validation == null ? null : new Evaluation(model, loss, Math.max(bs, 64), config.threads());
    Model best = config.earlyStoppingPatience() > 0 && config.restoreBestWeights() ? model.copy() : null;

    // an array snapshot: iterating it allocates nothing per step
    TrainingListener[] ls = listeners.toArray(new TrainingListener[0]);
    List<EpochStats> history = new ArrayList<>();
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    int sinceBest = 0;
    boolean stopped = false;
    long samples = 0;
    long t0 = System.nanoTime();
    float[] epochNorms = new float[layers];
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long e0 = System.nanoTime();
      for (TrainingListener l : ls) {
        l.epochStart(epoch, epochs);
      }
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      java.util.Arrays.fill(epochNorms, 0f);
      double lossSum = 0;
      long correct = 0;
      long seen = 0;
      for (int b = 0; b < batches; b++) {
        int start = b * bs;
        int rows = Math.min(bs, n - start);
        float[] x = rows == bs ? inputFull : inputTail;
        float[] y = rows == bs ? targetFull : targetTail;
        gather.gather(start, rows, x, y);
        long s = step.steps();
        double l = step.step(x, y, rows);
        lossSum += l * rows;
        seen += rows;
        if (classify) {
          float[] o = step.output();
          for (int r = 0; r < rows; r++) {
            if (Model.predictedClass(o, r * out, out) == train.label(order[start + r])) {
              correct++;
            }
          }
        }
        float[] ln = step.layerGradientNorms();
        norms.add(ln);
        for (int i = 0; i < layers; i++) {
          epochNorms[i] += ln[i];
        }
        for (TrainingListener li : ls) {
          li.stepEnd(epoch, s, b, batches, l, ln);
        }
      }
      samples += seen;
      Evaluation.Result val = validator == null ? null : validator.run(validation);
      float[] meanNorms = new float[layers];
      for (int i = 0; i < layers; i++) {
        meanNorms[i] = epochNorms[i] / batches;
      }
      double trainLoss = lossSum / seen;
      EpochStats stats = new EpochStats(epoch, trainLoss, classify ? (double) correct / seen : Double.NaN,
          val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
          step.lastLearningRate(), (System.nanoTime() - e0) / 1e9, seen, meanNorms);
      history.add(stats);
      for (TrainingListener l : ls) {
        l.epochEnd(stats);
      }
      double monitored = val == null ? trainLoss : val.loss();
      if (monitored < bestLoss - config.earlyStoppingMinDelta()) {
        bestLoss = monitored;
        bestEpoch = epoch;
        sinceBest = 0;
        if (best != null) {
          best.copyParametersFrom(model);
        }
      } else if (config.earlyStoppingPatience() > 0 && ++sinceBest >= config.earlyStoppingPatience()) {
        stopped = epoch < epochs;
        break;
      }
    }
    if (best != null && bestEpoch > 0 && bestEpoch != history.size()) {
      model.copyParametersFrom(best);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long steps = step.steps();
    return new TrainingResult(history, stopped, bestEpoch == 0 ? history.size() : bestEpoch, steps, samples,
        seconds, layers, norms);
  }

}
