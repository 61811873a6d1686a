package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.io.ModelFiles;
import io.vectorgrad.training.io.OutputPaths;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.spec.DatasetSpec;
import io.vectorgrad.training.spec.LossPairing;
import io.vectorgrad.training.spec.ModelSpec;
import io.vectorgrad.training.spec.OptimizerSpec;
import io.vectorgrad.training.spec.ScheduleSpec;
import io.vectorgrad.training.spec.TrainingSpec;
import io.vectorgrad.training.trainer.Evaluation;
import io.vectorgrad.training.trainer.Trainer;
import io.vectorgrad.training.trainer.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vectorgrad train}: loads or generates a data set, builds an MLP, trains it with a progress bar per
 * epoch, reports test accuracy, and optionally saves the model (safetensors) and a JSON summary.
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Trains an MLP (default: 3-class spirals, 2-64-64-3 ReLU, a few seconds) and reports accuracy.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.OK_TEXT, ExitCodes.FAILURE_TEXT, ExitCodes.USAGE_TEXT, ExitCodes.NON_FINITE_TEXT})
final class TrainCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--dataset", paramLabel = "D", converter = Converters.Dataset.class, defaultValue = "spirals",
      completionCandidates = Candidates.Datasets.class, description = {"Data set: ${COMPLETION-CANDIDATES}"
          + " (default ${DEFAULT-VALUE}). IDX: DIR/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz], 10 classes;"
          + " CSV: numeric, label in the last column, optional header; 80/20 train/test split."})
  DatasetSpec dataset;

  @Mixin
  ModelOptions model;

  @Option(names = "--loss", paramLabel = "L", converter = Converters.Loss.class, defaultValue = "softmax-ce",
      completionCandidates = Candidates.Losses.class, description = "Loss: ${COMPLETION-CANDIDATES} (default "
          + "${DEFAULT-VALUE}); it chooses the output layer: softmax, sigmoid or linear.")
  LossPairing loss;

  @Option(names = "--optimizer", paramLabel = "O", converter = Converters.Optimizer.class, defaultValue = "adam",
      completionCandidates = Candidates.Optimizers.class,
      description = "Optimizer: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  OptimizerSpec optimizer;

  @Option(names = "--lr", paramLabel = "X", description = "Base learning rate (default per data set).")
  @Bounds(min = 1e-9, max = 10)
  Double lr;

  @Option(names = "--weight-decay", paramLabel = "X", description = "Weight decay: decoupled for adamw (default 0.01), L2 for sgd,"
      + " momentum and nesterov (default 0); adam takes none.")
  @Bounds(min = 0, max = 1)
  Double weightDecay;

  @Option(names = "--schedule", paramLabel = "S", converter = Converters.Schedule.class,
      completionCandidates = Candidates.Schedules.class, description = "Learning-rate schedule: "
          + "${COMPLETION-CANDIDATES} (EVERY, WARMUP in epochs; exp multiplies by GAMMA per epoch; cosine anneals"
          + " to 0 over the run; default per data set).")
  ScheduleSpec schedule;

  @Option(names = "--batch", paramLabel = "N", description = "Mini-batch size (default per data set).")
  @Bounds(min = 1, max = 1 << 20)
  Integer batch;

  @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default per data set).")
  @Bounds(min = 1, max = 100_000)
  Integer epochs;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Weight initialisation and shuffling seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", paramLabel = "N", description = "GEMM threads (default: -Dvectorgrad.threads or all"
      + " processors).")
  @Bounds(min = 1, max = 1024)
  Integer threads;

  @Option(names = "--validation", paramLabel = "F", defaultValue = "0.1", description = "Fraction of the training"
      + " data held out for validation (default ${DEFAULT-VALUE}; 0 = none).")
  @Bounds(min = 0, max = 0.9)
  double validation;

  @Option(names = "--classes", paramLabel = "K", description = "Class count of a csv: data set (default: largest"
      + " label + 1, every class 0..K-1 present).")
  @Bounds(min = 2, max = 1_000_000)
  Integer classes;

  @Option(names = "--checkpoint", paramLabel = "C", converter = Converters.Checkpoint.class, defaultValue = "none",
      description = "Activation checkpointing: " + io.vectorgrad.checkpointing.CheckpointPolicies.FORMS + ".")
  ActivationSchedule checkpoint;

  @Option(names = "--save", paramLabel = "FILE", description = "Write the trained model (safetensors) to FILE.")
  Path save;

  @Option(names = "--json", paramLabel = "FILE", description = "Write a JSON summary (test_accuracy, epochs,"
      + " train_seconds, train_samples_per_second, history, ...) to FILE.")
  Path json;

  @Option(names = "--quiet", description = "No per-epoch lines.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (weightDecay != null && !optimizer.takesWeightDecay()) {
      throw new UsageException("--weight-decay applies to adamw (decoupled) and sgd, momentum, nesterov (L2), not "
          + optimizer.spec());
    }
    OutputPaths paths = new OutputPaths().output("--save", save).output("--json", json);
    dataset.inputs().forEach(p -> paths.input("--dataset", p));
    paths.check();
    DatasetSpec.Defaults d = dataset.defaults();
    ScheduleSpec sched = schedule != null ? schedule : ScheduleSpec.parse(d.schedule());
    double rate = lr != null ? lr : d.lr();
    int b = batch != null ? batch : d.batch();
    int e = epochs != null ? epochs : d.epochs();
    double wd = weightDecay == null ? Double.NaN : weightDecay;
    optimizer.create(rate, wd); // checks the rate and decay before the data set is loaded

    DatasetSpec.Parts data = dataset.load(validation, loss, classes == null ? 0 : classes);
    ModelSpec shape = model.spec(dataset.defaultLayers(data.train()), Activation.RELU, loss);
    shape.checkFits(data.train().featureCount(), data.train().targetWidth(), data.name(), loss.spec());
    TrainingSpec run = new TrainingSpec(shape, loss, optimizer, rate, wd, sched, b, e, seed,
        threads == null ? 0 : threads, checkpoint);
    int trainSize = data.train().size();
    run.checkHeap(trainSize);
    TrainReport report = new TrainReport(dataset.spec(), data, shape, loss, optimizer, rate, b, seed, checkpoint);
    var config = run.config(trainSize);
    out.println(report.dataLine());
    out.println(report.modelLine(config));

    Model m = shape.build(seed);
    Trainer trainer = new Trainer(m, loss.loss(), config);
    trainer.addListener(new EpochProgress(out, e, quiet, data.train().classCount() > 0));
    TrainingResult result = trainer.fit(data.train(), data.validation());
    Evaluation.Result test = new Evaluation(m, loss.loss(), TrainingSpec.EVALUATION_BATCH, run.threads())
        .run(data.test());
    out.println(report.testLine(test, result));
    if (!quiet) {
      out.print(result.gradientNorms());
    } else {
      for (String w : result.gradientNorms().warnings()) {
        out.println("warning: " + w);
      }
    }
    if (save != null) {
      ModelFiles.save(m, save);
      out.println("saved " + save + " (" + Files.size(save) + " bytes; load with 'vectorgrad evaluate --model " + save
          + " --dataset " + dataset.spec() + "')");
    }
    if (json != null) {
      JsonOut.write(json, report.json(m, config, test, result, save));
    }
    if (test.nonFiniteRows() > 0) {
      spec.commandLine().getErr().printf(Locale.ROOT, "%s: the model's outputs are NaN or ∞ for %d of %d test samples"
          + " (the test loss is %s)%n", spec.qualifiedName(), test.nonFiniteRows(), test.samples(), test.loss());
      return ExitCodes.NON_FINITE;
    }
    return ExitCodes.OK;
  }
}
