package io.vectorgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vectorgrad.training.data.ArrayDataset;
import io.vectorgrad.training.data.Spirals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executors in separate JVMs: Spark's local-cluster mode (a master and two workers in this JVM, each worker
 * launching its executor as a child process) from the Maven classpath. Spark passes this JVM's class path
 * to the executors when {@code spark.testing} is set; the launcher wants a Spark home, here a stand-in
 * directory with the two folders it looks for. One executor is killed (SIGKILL) after the first epoch's
 * state is written: the barrier stage fails, is retried, resumes from the state, and the model is bit for
 * bit the model of the uninterrupted run.
 */
class SeparateExecutorsTest {
  /** Enough epochs that the kill after the first one lands mid-training. */
  static final int EPOCHS = 12;

  @Test
  void twoExecutorJvmsTrainAndSurviveAKilledExecutor(@TempDir Path dir) throws Exception {
    int jdk = Runtime.version().feature();
    assumeTrue(jdk <= LocalSpark.NEWEST_SUPPORTED_JDK, "skipped: Spark 4.0 runs on JDK 17 and 21, this is JDK " + jdk);
    // executor JVMs pick their kernels from -Dvectorgrad.kernels, passed on below; one run (panama) is enough for
    // the distribution path, which does not depend on the kernels, and keeps the suite short
    assumeTrue(!"scalar".equals(System.getProperty("vectorgrad.kernels")),
        "skipped on the scalar run: the separate-executor test runs once, on the panama run");
    ArrayDataset data = Spirals.create(3, 200, 0.2, 3);
    // the reference: the same two tasks in threads of this JVM (the exchange does not change the bits)
    byte[] reference = DataParallelTrainerTest.trainInThreads(VectorgradClassifierTest.classifier(EPOCHS)
        .setBatchSize(16).settings(), data, new int[] {300, 300}).model;
    LocalSpark.stop(); // one SparkContext per JVM: the local[2] one of the other tests goes
    Path home = dir.resolve("spark-home");
    Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("launcher/target/scala-2.13"));
    System.setProperty("spark.testing", "true");
    System.setProperty("spark.test.home", home.toString());
    SparkSession s = null;
    try {
      s = SparkSession.builder().master("local-cluster[2,1,1024]").appName("vectorgrad-separate-executors")
          .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false").config("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
          .config("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "1s")
          // the executors compute with this run's kernels (surefire runs the suite on panama and on scalar)
          .config("spark.executor.extraJavaOptions", "-Dvectorgrad.kernels=" + System.getProperty(
              "vectorgrad.kernels", "panama"))
          .getOrCreate();
      waitForExecutors(s, 2);
      Dataset<Row> df = frame(s, data);
      Path state = dir.resolve("state");
      AtomicInteger killed = new AtomicInteger();
      Thread killer = new Thread(() -> {
        try {
          Path file = state.resolve(TrainingState.FILE_NAME);
          while (!Files.exists(file)) {
            Thread.sleep(20);
          }
          List<ProcessHandle> executors = ProcessHandle.current().descendants().filter(
              SeparateExecutorsTest::isExecutor).collect(Collectors.toList());
          if (!executors.isEmpty() && executors.get(0).destroyForcibly()) {
            killed.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      killer.setDaemon(true);
      killer.start();
      VectorgradClassifier c = VectorgradClassifierTest.classifier(EPOCHS).setBatchSize(16)
          .setCheckpointDir(state.toString());
      byte[] trained = c.fit(df).weights();
      killer.join(60_000);
      assertTrue(killed.get() == 1, "an executor process was killed during training");
      assertTrue(c.lastReport().firstEpoch() > 1, "the retry resumed after epoch " + (c.lastReport().firstEpoch() - 1));
      assertArrayEquals(reference, trained, "separate executor JVMs and a retry give the local run's bits");
    } finally {
      if (s != null) {
        s.stop();
      }
      System.clearProperty("spark.testing");
      System.clearProperty("spark.test.home");
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  /** Reads /proc/PID/cmdline: ProcessHandle.Info gives nothing for a command line this long. */
  private static boolean isExecutor(ProcessHandle p) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
          java.nio.charset.StandardCharsets.ISO_8859_1).contains("CoarseGrainedExecutorBackend");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static Dataset<Row> frame(SparkSession s, ArrayDataset data) {
    java.util.List<Row> rows = new java.util.ArrayList<>();
    float[] f = new float[2];
    for (int i = 0; i < data.size(); i++) {
      data.features(i, f, 0);
      rows.add(org.apache.spark.sql.RowFactory.create(org.apache.spark.ml.linalg.Vectors.dense(f[0], f[1]),
          (double) data.label(i)));
    }
    return s.createDataFrame(new org.apache.spark.api.java.JavaSparkContext(s.sparkContext()).parallelize(rows, 2),
        LocalSpark.SCHEMA);
  }

  private static void waitForExecutors(SparkSession s, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (s.sparkContext().statusTracker().getExecutorInfos().length < n + 1) { // + the driver
      assertTrue(System.nanoTime() < deadline, "executors did not register within 60 s");
      Thread.sleep(100);
    }
  }
}
