package io.vectorgrad.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vectorgrad.training.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One local[2] SparkSession for all test classes of the JVM, every endpoint on 127.0.0.1, no UI. Tests
 * that need it are skipped (not failed) on a JDK Spark does not run on: Spark 4.0 supports JDK 17 and 21.
 */
final class LocalSpark {
  /** The newest JDK feature release Spark 4.0 supports. */
  static final int NEWEST_SUPPORTED_JDK = 21;
  private static SparkSession session;
  private static Throwable startFailure;

  private LocalSpark() {}

  static synchronized SparkSession session() {
    int jdk = Runtime.version().feature();
    assumeTrue(jdk <= NEWEST_SUPPORTED_JDK, "skipped: Spark 4.0 runs on JDK 17 and 21, this is JDK " + jdk);
    if (session == null && startFailure == null) {
      try {
        session = SparkSession.builder().master("local[2]").appName("vectorgrad-spark-tests")
            .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
            .config("spark.ui.showConsoleProgress", "false").getOrCreate();
        session.sparkContext().setLogLevel("ERROR");
      } catch (Throwable t) {
        startFailure = t;
      }
    }
    if (startFailure != null) {
      throw new AssertionError("Spark failed to start on supported JDK " + jdk, startFailure);
    }
    return session;
  }

  /** Stops the shared session (a test that needs another master); the next {@link #session()} starts anew. */
  static synchronized void stop() {
    if (session != null) {
      session.stop();
      session = null;
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  static final StructType SCHEMA = new StructType().add("features", SQLDataTypes.VectorType())
      .add("label", DataTypes.DoubleType);

  /** {@code data} as (features, label) rows in index order, in {@code partitions} contiguous slices. */
  static org.apache.spark.sql.Dataset<Row> frame(Dataset data, int partitions) {
    List<Row> rows = new ArrayList<>();
    float[] f = new float[data.featureCount()];
    double[] d = new double[f.length];
    for (int i = 0; i < data.size(); i++) {
      data.features(i, f, 0);
      for (int k = 0; k < f.length; k++) {
        d[k] = f[k];
      }
      rows.add(RowFactory.create(Vectors.dense(d.clone()), (double) data.label(i)));
    }
    SparkSession s = session();
    // parallelize: contiguous slices in index order, no shuffle, so the partitions' row order is fixed
    return s.createDataFrame(new org.apache.spark.api.java.JavaSparkContext(s.sparkContext()).parallelize(rows,
        partitions), SCHEMA);
  }
}
