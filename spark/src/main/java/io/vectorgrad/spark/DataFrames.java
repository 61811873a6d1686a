package io.vectorgrad.spark;

import io.vectorgrad.training.spec.DatasetSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * DataFrames of {@code (features vector, label double)} rows: from a vectorgrad {@link
 * io.vectorgrad.training.data.Dataset} (the sets {@code vectorgrad train} loads) or a Parquet file, cached,
 * in a fixed number of partitions with a fixed row order.
 */
public final class DataFrames {
  /** The columns {@link #of} makes and {@link #parquet} expects. */
  public static final StructType SCHEMA = new StructType().add("features", SQLDataTypes.VectorType(), false)
      .add("label", DataTypes.DoubleType, false);

  private DataFrames() {}

  /** {@code data} in index order, in {@code partitions} contiguous slices (no shuffle), cached. */
  public static Dataset<Row> of(SparkSession spark, io.vectorgrad.training.data.Dataset data, int partitions) {
    int in = data.featureCount();
    List<float[]> rows = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      float[] r = new float[in + 1]; // compact to ship: the label rides in the last slot
      data.features(i, r, 0);
      r[in] = data.label(i);
      rows.add(r);
    }
    Dataset<Row> df = spark.createDataFrame(new JavaSparkContext(spark.sparkContext()).parallelize(rows, partitions)
        .map(r -> {
          double[] d = new double[r.length - 1];
          for (int k = 0; k < d.length; k++) {
            d[k] = r[k];
          }
          return RowFactory.create(Vectors.dense(d), (double) r[d.length]);
        }), SCHEMA);
    return df.persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * A Parquet file (or directory) with a vector column {@code features} and a numeric {@code label}, split
   * into train and test parts with {@link DatasetSpec#TEST_FRACTION} and {@link DatasetSpec#DATA_SEED}.
   */
  public static List<Dataset<Row>> parquet(SparkSession spark, String path, int partitions) {
    Dataset<Row> all = spark.read().parquet(path);
    InputCheck.checkSchema(all.schema(), "features", "label");
    Dataset<Row>[] parts = all.select("features", "label").randomSplit(new double[] {1 - DatasetSpec.TEST_FRACTION,
        DatasetSpec.TEST_FRACTION}, DatasetSpec.DATA_SEED);
    return List.of(parts[0].repartition(partitions).persist(StorageLevel.MEMORY_AND_DISK()),
        parts[1].persist(StorageLevel.MEMORY_AND_DISK()));
  }
}
