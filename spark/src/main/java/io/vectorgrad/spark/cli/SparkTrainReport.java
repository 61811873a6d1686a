package io.vectorgrad.spark.cli;

import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.spark.TrainingReport;
import io.vectorgrad.spark.VectorgradClassificationModel;
import io.vectorgrad.spark.VectorgradClassifier;
import io.vectorgrad.training.io.AtomicFiles;
import io.vectorgrad.training.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** What {@code spark-train} prints per epoch and writes as JSON (the fields of {@code train}, plus Spark's). */
final class SparkTrainReport {
  private SparkTrainReport() {}

  static void printEpochs(PrintWriter out, TrainingReport r) {
    double[] loss = r.epochLoss();
    double[] acc = r.epochAccuracy();
    double[] sec = r.epochSeconds();
    for (int e = 0; e < loss.length; e++) {
      out.printf(Locale.ROOT, "epoch %d: train loss %.4f, accuracy %.4f, %.2fs%n", r.firstEpoch() + e, loss[e],
          acc[e], sec[e]);
    }
  }

  /** Wall time per step of the epochs after the first (JIT warm-up), or of all with a single epoch. */
  static double stepSeconds(TrainingReport r) {
    double[] sec = r.epochSeconds();
    double perEpoch = (double) r.fitSteps() / Math.max(1, sec.length);
    double s = 0;
    for (int e = sec.length > 1 ? 1 : 0; e < sec.length; e++) {
      s += sec[e];
    }
    return s / (perEpoch * (sec.length > 1 ? sec.length - 1 : 1));
  }

  static void writeJson(Path file, SparkSession spark, String dataset, VectorgradClassifier c,
      VectorgradClassificationModel m, TrainingReport r, long trainRows, long testRows, double accuracy,
      double treeAggregateSeconds)
      throws IOException {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("command", "spark-train");
    j.put("dataset", dataset);
    j.put("train_samples", trainRows);
    j.put("test_samples", testRows);
    List<Object> layers = new ArrayList<>();
    for (String s : c.getOrDefault(c.layers()).split(",")) {
      layers.add(Integer.parseInt(s.trim()));
    }
    j.put("layers", layers);
    j.put("parameters", m.model().parameterCount());
    j.put("loss", c.getOrDefault(c.loss()));
    j.put("optimizer", c.getOrDefault(c.optimizer()));
    j.put("lr", c.getOrDefault(c.learningRate()));
    j.put("schedule", c.getOrDefault(c.schedule()));
    j.put("batch", c.getOrDefault(c.batchSize()));
    j.put("epochs", r.firstEpoch() - 1 + r.epochLoss().length);
    j.put("seed", c.getOrDefault(c.seed()));
    j.put("threads", c.getOrDefault(c.threadsPerExecutor()));
    j.put("kernels", Kernels.providerName());
    j.put("checkpoint", c.getOrDefault(c.activationCheckpoint()));
    j.put("test_accuracy", accuracy);
    double[] loss = r.epochLoss();
    double[] acc = r.epochAccuracy();
    j.put("final_train_loss", loss.length == 0 ? Double.NaN : loss[loss.length - 1]);
    j.put("final_train_accuracy", acc.length == 0 ? Double.NaN : acc[acc.length - 1]);
    j.put("train_seconds", r.trainSeconds());
    j.put("train_samples_per_second", trainRows * loss.length / r.trainSeconds());
    j.put("master", spark.sparkContext().master());
    j.put("partitions", r.partitions());
    int infos = spark.sparkContext().statusTracker().getExecutorInfos().length;
    j.put("executors", spark.sparkContext().isLocal() ? 1 : Math.max(1, infos - 1));
    j.put("resumed_epochs", r.firstEpoch() - 1);
    j.put("step_seconds", stepSeconds(r));
    j.put("compute_seconds_per_step", r.computeSeconds() / Math.max(1, r.fitSteps()));
    j.put("allgather_seconds_per_step", r.exchangeSeconds() / Math.max(1, r.fitSteps()));
    j.put("tree_aggregate_seconds_per_step", treeAggregateSeconds);
    List<Object> history = new ArrayList<>();
    for (int e = 0; e < loss.length; e++) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("epoch", r.firstEpoch() + e);
      h.put("train_loss", loss[e]);
      h.put("train_accuracy", acc[e]);
      h.put("seconds", r.epochSeconds()[e]);
      history.add(h);
    }
    j.put("history", history);
    StringBuilder sb = new StringBuilder();
    write(sb, j);
    AtomicFiles.write(file, sb.append('\n').toString().getBytes(StandardCharsets.UTF_8));
  }

  static void write(StringBuilder sb, Object v) {
    if (v instanceof Map) {
      sb.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        sb.append(sep).append(Json.quote(String.valueOf(e.getKey()))).append(": ");
        write(sb, e.getValue());
        sep = ", ";
      }
      sb.append('}');
    } else if (v instanceof List) {
      sb.append('[');
      String sep = "";
      for (Object o : (List<?>) v) {
        sb.append(sep);
        write(sb, o);
        sep = ", ";
      }
      sb.append(']');
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      sb.append(Double.isFinite(d) ? Double.toString(d) : "null");
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else {
      sb.append(Json.quote(String.valueOf(v)));
    }
  }
}
