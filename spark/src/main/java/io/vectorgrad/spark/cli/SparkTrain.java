package io.vectorgrad.spark.cli;

import io.vectorgrad.checkpointing.CheckpointPolicies;
import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.spark.DataFrames;
import io.vectorgrad.spark.TrainingReport;
import io.vectorgrad.spark.VectorgradClassificationModel;
import io.vectorgrad.spark.VectorgradClassifier;
import io.vectorgrad.training.io.OutputPaths;
import io.vectorgrad.training.spec.DatasetSpec;
import io.vectorgrad.training.spec.LossPairing;
import io.vectorgrad.training.spec.ModelSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vectorgrad spark-train}: the flags of {@code vectorgrad train}, run as a {@link VectorgradClassifier}
 * fit on Spark ({@code --master}, default local[2]); prints a line per epoch and the test accuracy, writes the
 * JSON fields of {@code train} plus {@code partitions} and {@code executors}. Also the main class for
 * {@code spark-submit}.
 */
@Command(name = "spark-train", mixinStandardHelpOptions = true,
    description = "Trains an MLP by synchronous data-parallel SGD on Spark (barrier tasks, all-reduce per step).")
public final class SparkTrain implements Callable<Integer> {
  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark.master, else local[2]).")
  String master;
  @Option(names = "--dataset", paramLabel = "D", defaultValue = "spirals", description = "spirals, xor, "
      + "fashion-mnist[:DIR], idx:DIR, csv:FILE, or parquet:FILE (columns features: vector, label) (default ${DEFAULT-VALUE}).")
  String dataset;
  @Option(names = "--layers", paramLabel = "L", description = "Layer sizes such as 784,256,128,10 (default per data set).")
  String layers;
  @Option(names = "--activation", paramLabel = "A", defaultValue = "relu", description = "Hidden activation.")
  String activation;
  @Option(names = "--residual", paramLabel = "N", defaultValue = "0", description = "Pre-norm residual blocks.")
  int residual;
  @Option(names = "--norm", paramLabel = "K", defaultValue = "none", description = "none, layer (batch: one partition).")
  String norm;
  @Option(names = "--loss", paramLabel = "L", defaultValue = "softmax-ce", description = "softmax-ce or bce.")
  String loss;
  @Option(names = "--optimizer", paramLabel = "O", defaultValue = "adam", description = "sgd, momentum, nesterov, adam, adamw.")
  String optimizer;
  @Option(names = "--lr", paramLabel = "X", description = "Base learning rate (default per data set).")
  Double lr;
  @Option(names = "--weight-decay", paramLabel = "X", description = "Weight decay (default: the optimizer's).")
  Double weightDecay;
  @Option(names = "--schedule", paramLabel = "S", description = "Learning-rate schedule (default per data set).")
  String schedule;
  @Option(names = "--batch", paramLabel = "N", description = "Global mini-batch size (default per data set).")
  Integer batch;
  @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default per data set).")
  Integer epochs;
  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "GEMM threads per task (default ${DEFAULT-VALUE}).")
  int threads;
  @Option(names = "--partitions", paramLabel = "N", description = "Training partitions = barrier tasks (default: the "
      + "default parallelism, e.g. 2 for local[2]).")
  Integer partitions;
  @Option(names = "--validation", paramLabel = "F", defaultValue = "0.1", description = "Fraction held out of the "
      + "training part as in train (not trained on; default ${DEFAULT-VALUE}).")
  double validation;
  @Option(names = "--classes", paramLabel = "K", description = "Class count of a csv: data set.")
  Integer classes;
  @Option(names = "--checkpoint", paramLabel = "C", defaultValue = "none", description = "Activation checkpointing: "
      + CheckpointPolicies.FORMS + ".")
  String checkpoint;
  @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Per-epoch training state; a rerun resumes.")
  String checkpointDir;
  @Option(names = "--save", paramLabel = "DIR", description = "Save the Spark ML model (weights as safetensors) to DIR.")
  String save;
  @Option(names = "--json", paramLabel = "FILE", description = "Write a JSON summary to FILE.")
  Path json;
  @Option(names = "--probe-tree-aggregate", paramLabel = "N", defaultValue = "0", description = "Also time N steps"
      + " of the one-job-per-step design (broadcast + treeAggregate of a gradient-sized array; default ${DEFAULT-VALUE}).")
  int probeSteps;
  @Option(names = "--quiet", description = "No per-epoch lines.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = new PrintWriter(System.out, true);
    new OutputPaths().output("--json", json).check();
    SparkSession spark = Sessions.start("vectorgrad spark-train", master);
    try {
      spark.sparkContext().setLogLevel("WARN");
      int parts = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
      Dataset<Row> train;
      Dataset<Row> test;
      DatasetSpec.Defaults d;
      String name;
      if (dataset.startsWith("parquet:")) {
        List<Dataset<Row>> p = DataFrames.parquet(spark, dataset.substring("parquet:".length()), parts);
        train = p.get(0);
        test = p.get(1);
        d = new DatasetSpec.Defaults(null, 1e-3, 64, 10, "constant");
        name = dataset;
      } else {
        DatasetSpec spec = DatasetSpec.parse(dataset);
        d = spec.defaults();
        DatasetSpec.Parts data = spec.load(validation, LossPairing.parse(loss), classes == null ? 0 : classes);
        if (layers == null) {
          layers = ModelSpec.formatLayers(spec.defaultLayers(data.train()));
        }
        train = DataFrames.of(spark, data.train(), parts);
        test = DataFrames.of(spark, data.test(), Math.max(1, parts));
        name = data.name();
      }
      if (layers == null) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--layers is needed for a parquet: data set");
      }
      VectorgradClassifier c = new VectorgradClassifier().setLayers(layers).setActivation(activation)
          .setResidual(residual).setNorm(norm).setLoss(loss).setOptimizer(optimizer)
          .setLearningRate(lr != null ? lr : d.lr()).setWeightDecay(weightDecay == null ? Double.NaN : weightDecay)
          .setSchedule(schedule != null ? schedule : d.schedule()).setBatchSize(batch != null ? batch : d.batch())
          .setEpochs(epochs != null ? epochs : d.epochs()).setSeed(seed).setThreadsPerExecutor(threads)
          .setActivationCheckpoint(checkpoint).setCheckpointDir(checkpointDir == null ? "" : checkpointDir);
      c.settings(); // every name checked before data moves
      long trainRows = train.count();
      out.printf(Locale.ROOT, "%s: %d train / %d test rows in %d partition(s); model %s, %s, lr %s, batch %d, "
          + "%d epochs, %s kernels, master %s%n", name, trainRows, test.count(), train.rdd().getNumPartitions(), layers,
          optimizer, c.getOrDefault(c.learningRate()), (Integer) c.getOrDefault(c.batchSize()),
          (Integer) c.getOrDefault(c.epochs()), Kernels.providerName(), spark.sparkContext().master());
      VectorgradClassificationModel m = c.fit(train);
      TrainingReport r = c.lastReport();
      if (!quiet) {
        SparkTrainReport.printEpochs(out, r);
      }
      double accuracy = (double) m.transform(test).filter("prediction = label").count() / test.count();
      out.printf(Locale.ROOT, "test: accuracy %.4f | %d epoch(s) in %.2fs, %.2f ms/step after epoch 1 (all epochs: "
          + "%.2f ms compute, %.2f ms exchange per step)%n", accuracy, r.epochLoss().length, r.trainSeconds(), 1e3 * SparkTrainReport.stepSeconds(r),
          1e3 * r.computeSeconds() / r.fitSteps(), 1e3 * r.exchangeSeconds() / r.fitSteps());
      double probe = Double.NaN;
      if (probeSteps > 0) {
        probe = io.vectorgrad.spark.TreeAggregateProbe.secondsPerStep(JavaSparkContext.fromSparkContext(
            spark.sparkContext()), r.partitions(), m.model().parameterCount(), probeSteps);
        out.printf(Locale.ROOT, "treeAggregate design: %.2f ms per step for %d parameters over %d partitions (no "
            + "compute)%n", 1e3 * probe, m.model().parameterCount(), r.partitions());
      }
      if (save != null) {
        m.write().save(save);
        out.println("saved " + save);
      }
      if (json != null) {
        SparkTrainReport.writeJson(json, spark, dataset, c, m, r, trainRows, test.count(), accuracy, probe);
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new SparkTrain());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("spark-train: " + e.getMessage());
      return 1;
    });
    System.exit(cl.execute(args));
  }
}
