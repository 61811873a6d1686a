package io.vectorgrad.spark.cli;

import io.vectorgrad.spark.DataFrames;
import io.vectorgrad.spark.VectorgradClassificationModel;
import io.vectorgrad.spark.VectorgradClassifier;
import io.vectorgrad.training.io.AtomicFiles;
import io.vectorgrad.training.io.OutputPaths;
import io.vectorgrad.training.spec.DatasetSpec;
import io.vectorgrad.training.spec.LossPairing;
import io.vectorgrad.training.spec.ModelSpec;
import io.vectorgrad.training.spec.SpecException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vectorgrad spark-compare-mllib}: vectorgrad's {@link VectorgradClassifier} and Spark MLlib's
 * {@link MultilayerPerceptronClassifier} fitted on the same cached DataFrame in one Spark session, the two
 * alternating round by round (which goes first swaps each round); prints and writes each fit's wall time
 * and test accuracy. MLlib keeps its defaults (L-BFGS, maxIter 100, tol 1e-6, blockSize 128) unless
 * {@code --mllib-max-iter} says otherwise; its hidden layers are sigmoid (the only kind it has).
 */
@Command(name = "spark-compare-mllib", mixinStandardHelpOptions = true,
    description = "Fits vectorgrad and MLlib's MultilayerPerceptronClassifier on the same DataFrame, alternating.")
public final class CompareMllib implements Callable<Integer> {
  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark.master, else local[2]).")
  String master;
  @Option(names = "--dataset", paramLabel = "D", defaultValue = "fashion-mnist", description = "A data set of train (default ${DEFAULT-VALUE}).")
  String dataset;
  @Option(names = "--layers", paramLabel = "L", defaultValue = "784,256,128,10", description = "Layer sizes for both (default ${DEFAULT-VALUE}).")
  String layers;
  @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "vectorgrad epochs (Adam, ReLU; default ${DEFAULT-VALUE}).")
  int epochs;
  @Option(names = "--mllib-max-iter", paramLabel = "N", defaultValue = "100", description = "MLlib's maxIter (its default ${DEFAULT-VALUE}).")
  int mllibMaxIter;
  @Option(names = "--rounds", paramLabel = "N", defaultValue = "1", description = "Rounds of one fit each (default ${DEFAULT-VALUE}).")
  int rounds;
  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of both (default ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--json", paramLabel = "FILE", description = "Write every fit's figures as JSON to FILE.")
  Path json;
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (rounds < 1 || epochs < 1 || mllibMaxIter < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rounds, --epochs and --mllib-max-iter: expected >= 1");
    }
    int[] sizes = parseLayers(layers);
    new OutputPaths().output("--json", json).check();
    PrintWriter out = new PrintWriter(System.out, true);
    SparkSession spark = Sessions.start("vectorgrad spark-compare-mllib", master);
    try {
      spark.sparkContext().setLogLevel("WARN");
      int parts = spark.sparkContext().defaultParallelism();
      DatasetSpec spec = DatasetSpec.parse(dataset);
      DatasetSpec.Parts data = spec.load(0, LossPairing.parse("softmax-ce"), 0);
      DatasetSpec.Defaults d = spec.defaults();
      Dataset<Row> train = DataFrames.of(spark, data.train(), parts);
      Dataset<Row> test = DataFrames.of(spark, data.test(), parts);
      long trainRows = train.count();
      long testRows = test.count();
      out.printf(Locale.ROOT, "%s: %d train / %d test rows in %d partitions, master %s, layers %s%n", data.name(),
          trainRows, testRows, parts, spark.sparkContext().master(), layers);
      List<Map<String, Object>> fits = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        for (int side = 0; side < 2; side++) {
          boolean vectorgrad = (side + round) % 2 == 1; // round 1: vectorgrad first, round 2: MLlib first, ...
          long t0 = System.nanoTime();
          Dataset<Row> predicted;
          if (vectorgrad) {
            // the recipe of train and spark-train for this data set
            VectorgradClassificationModel m = new VectorgradClassifier().setLayers(layers).setActivation("relu")
                .setOptimizer("adam").setLearningRate(d.lr()).setSchedule(d.schedule()).setBatchSize(d.batch())
                .setEpochs(epochs).setSeed(seed).fit(train);
            double seconds = (System.nanoTime() - t0) / 1e9;
            predicted = m.transform(test);
            fits.add(report(out, round, "vectorgrad", String.format(Locale.ROOT, "relu, adam lr %s %s, batch %d, %d epochs",
                d.lr(), d.schedule(), d.batch(), epochs), seconds, predicted, testRows));
          } else {
            MultilayerPerceptronClassificationModel m = new MultilayerPerceptronClassifier().setLayers(sizes)
                .setMaxIter(mllibMaxIter).setSeed(seed).fit(train);
            double seconds = (System.nanoTime() - t0) / 1e9;
            predicted = m.transform(test);
            fits.add(report(out, round, "mllib", "sigmoid, l-bfgs, maxIter " + mllibMaxIter + ", blockSize 128",
                seconds, predicted, testRows));
          }
        }
      }
      if (json != null) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("command", "spark-compare-mllib");
        j.put("dataset", dataset);
        j.put("master", spark.sparkContext().master());
        j.put("partitions", parts);
        j.put("layers", layers);
        j.put("train_samples", trainRows);
        j.put("test_samples", testRows);
        j.put("java", System.getProperty("java.vm.version"));
        j.put("machine", io.vectorgrad.kernels.KernelInfo.current().toMap());
        j.put("fits", fits);
        StringBuilder sb = new StringBuilder();
        SparkTrainReport.write(sb, j);
        AtomicFiles.write(json, sb.append('\n').toString().getBytes(StandardCharsets.UTF_8));
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static Map<String, Object> report(PrintWriter out, int round, String library, String recipe, double seconds,
      Dataset<Row> predicted, long testRows) {
    double accuracy = (double) predicted.filter("prediction = label").count() / testRows;
    out.printf(Locale.ROOT, "round %d %-10s fit %8.2f s  test accuracy %.4f  (%s)%n", round, library, seconds,
        accuracy, recipe);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("round", round);
    f.put("library", library);
    f.put("recipe", recipe);
    f.put("fit_seconds", seconds);
    f.put("test_accuracy", accuracy);
    return f;
  }

  /** The library's layer parser; a bad list is a usage error (exit 2) before Spark starts. */
  private int[] parseLayers(String text) {
    int[] s;
    try {
      s = ModelSpec.parseLayers(text);
    } catch (SpecException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--layers " + text
          + ": expected positive sizes separated by commas, such as 784,256,128,10 (" + e.getMessage() + ")");
    }
    if (s.length < 2) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--layers " + text + ": expected at least 2 sizes");
    }
    return s;
  }

  /** Runs the command; exit code 0, 1 (a failure while running) or 2 (bad options, one line on err). */
  public static int run(String[] args, PrintWriter err) {
    CommandLine cl = new CommandLine(new CompareMllib());
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("spark-compare-mllib: " + e.getMessage());
      return e instanceof CommandLine.ParameterException ? 2 : 1;
    });
    return cl.execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.err, true)));
  }
}
