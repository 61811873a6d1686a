package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.spec.DatasetSpec;
import io.vectorgrad.training.spec.LossPairing;
import io.vectorgrad.training.spec.ModelSpec;
import io.vectorgrad.training.spec.OptimizerSpec;
import io.vectorgrad.training.trainer.EpochStats;
import io.vectorgrad.training.trainer.Evaluation;
import io.vectorgrad.training.trainer.TrainerConfig;
import io.vectorgrad.training.trainer.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code train} prints and writes as JSON about a run. */
final class TrainReport {
  private final String dataset;
  private final DatasetSpec.Parts data;
  private final ModelSpec shape;
  private final LossPairing loss;
  private final OptimizerSpec optimizer;
  private final double lr;
  private final int batch;
  private final long seed;
  private final ActivationSchedule checkpoint;

  TrainReport(String dataset, DatasetSpec.Parts data, ModelSpec shape, LossPairing loss, OptimizerSpec optimizer,
      double lr, int batch, long seed, ActivationSchedule checkpoint) {
    this.dataset = dataset;
    this.data = data;
    this.shape = shape;
    this.loss = loss;
    this.optimizer = optimizer;
    this.lr = lr;
    this.batch = batch;
    this.seed = seed;
    this.checkpoint = checkpoint;
  }

  String dataLine() {
    return String.format(Locale.ROOT, "%s: %d train / %d validation / %d test samples, %d features, %s", data.name(),
        data.train().size(), data.validationSize(), data.test().size(), data.train().featureCount(),
        data.train().classCount() > 0 ? data.train().classCount() + " classes" : "regression");
  }

  String modelLine(TrainerConfig config) {
    return String.format(Locale.ROOT, "model: %s, %s loss, %s lr %.4g, schedule %s, batch %d, %d epochs, seed %d, "
        + "%d thread(s), %s kernels", shape.describe(), loss.spec(), optimizer.spec(), lr,
        config.learningRateSchedule().spec(), batch, config.epochs(), seed, config.threads(), Kernels.providerName());
  }

  String testLine(Evaluation.Result test, TrainingResult result) {
    boolean classify = data.test().classCount() > 0;
    return String.format(Locale.ROOT, "test: %sloss %.4f on %d samples | %d epochs in %.2fs, %.0f samples/s%s",
        classify ? String.format(Locale.ROOT, "accuracy %.4f, ", test.accuracy()) : "", test.loss(), test.samples(),
        result.epochs().size(), result.trainSeconds(), result.samplesPerSecond(),
        result.stoppedEarly() ? " (stopped early, best epoch " + result.bestEpoch() + ")" : "");
  }

  Map<String, Object> json(Model model, TrainerConfig config, Evaluation.Result test, TrainingResult result,
      Path save) {
    EpochStats last = result.lastEpoch();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", "train");
    m.put("dataset", dataset);
    m.put("train_samples", data.train().size());
    m.put("validation_samples", data.validationSize());
    m.put("test_samples", data.test().size());
    List<Object> layers = new ArrayList<>();
    for (int l : shape.layers()) {
      layers.add(l);
    }
    m.put("layers", layers);
    // one activation per Dense layer of "layers"; residual blocks and norms in their own fields
    List<Object> acts = new ArrayList<>();
    for (int i = 1; i < shape.layers().length; i++) {
      acts.add((i == shape.layers().length - 1 ? shape.output() : shape.hidden()).spec());
    }
    m.put("activations", acts);
    m.put("residual_blocks", shape.residualBlocks());
    m.put("norm", shape.norm().spec());
    m.put("architecture", model.architecture().toJson());
    m.put("parameters", model.parameterCount());
    m.put("loss", loss.spec());
    m.put("optimizer", optimizer.spec());
    m.put("lr", lr);
    m.put("schedule", config.learningRateSchedule().spec());
    m.put("batch", batch);
    m.put("epochs", result.epochs().size());
    m.put("seed", seed);
    m.put("threads", config.threads());
    m.put("kernels", Kernels.providerName());
    m.put("machine", io.vectorgrad.kernels.KernelInfo.current().toMap());
    m.put("checkpoint", checkpoint.spec());
    m.put("test_accuracy", test.accuracy());
    m.put("test_loss", test.loss());
    m.put("test_non_finite_samples", test.nonFiniteRows());
    m.put("final_train_loss", last.trainLoss());
    m.put("final_train_accuracy", last.trainAccuracy());
    m.put("final_validation_loss", last.validationLoss());
    m.put("final_validation_accuracy", last.validationAccuracy());
    m.put("stopped_early", result.stoppedEarly());
    m.put("train_seconds", result.trainSeconds());
    m.put("train_samples_per_second", result.samplesPerSecond());
    m.put("train_samples_per_second_after_first_epoch", warmThroughput(result));
    List<Object> history = new ArrayList<>();
    for (EpochStats e : result.epochs()) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("epoch", e.epoch());
      h.put("train_loss", e.trainLoss());
      h.put("train_accuracy", e.trainAccuracy());
      h.put("validation_loss", e.validationLoss());
      h.put("validation_accuracy", e.validationAccuracy());
      h.put("learning_rate", (double) e.learningRate());
      h.put("seconds", e.seconds());
      history.add(h);
    }
    m.put("history", history);
    m.put("layer_gradient_norms", result.gradientNorms().toMaps());
    m.put("gradient_warnings", result.gradientNorms().warnings());
    if (save != null) {
      m.put("model_file", save.toString());
    }
    return m;
  }

  /** Throughput without the first epoch (JIT warm-up), or NaN with a single epoch. */
  static double warmThroughput(TrainingResult result) {
    long samples = 0;
    double seconds = 0;
    for (EpochStats e : result.epochs()) {
      if (e.epoch() > 1) {
        samples += e.samples();
        seconds += e.seconds();
      }
    }
    return seconds > 0 ? samples / seconds : Double.NaN;
  }
}
