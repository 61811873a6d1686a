package io.vectorgrad.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * The checks of the training input that run before training: the column types (on the schema), then one
 * pass over the rows that gathers per-partition facts (rows, feature widths, non-finite features, label
 * range), so that every problem is reported with what was expected before any barrier stage starts.
 */
final class InputCheck {
  private InputCheck() {}

  /** Facts about one partition, gathered by {@link #scan}. */
  static final class PartitionFacts implements Serializable {
    private static final long serialVersionUID = 1L;
    int partition;
    int rows;
    int minWidth = Integer.MAX_VALUE;
    int maxWidth = -1;
    long nullRows;
    long nonFiniteRows;
    long firstNonFiniteRow = -1;
    double minLabel = Double.POSITIVE_INFINITY;
    double maxLabel = Double.NEGATIVE_INFINITY;
    long nonWholeLabels;
    double firstNonWholeLabel;
  }

  static void checkSchema(StructType schema, String featuresCol, String labelCol) {
    List<String> names = List.of(schema.fieldNames());
    if (!names.contains(featuresCol)) {
      throw new IllegalArgumentException("featuresCol '" + featuresCol + "' is not a column of the input (columns: "
          + names + ")");
    }
    DataType f = schema.apply(featuresCol).dataType();
    if (!f.equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("featuresCol '" + featuresCol + "' has type " + f.simpleString()
          + ": expected a vector column (org.apache.spark.ml.linalg.Vector, e.g. from VectorAssembler)");
    }
    if (labelCol != null) {
      if (!names.contains(labelCol)) {
        throw new IllegalArgumentException("labelCol '" + labelCol + "' is not a column of the input (columns: "
            + names + ")");
      }
      DataType l = schema.apply(labelCol).dataType();
      if (!(l instanceof NumericType)) {
        throw new IllegalArgumentException("labelCol '" + labelCol + "' has type " + l.simpleString()
            + ": expected a numeric column of class indices 0..K-1");
      }
    }
  }

  /** Scans one partition of {@code (features, label)} rows. */
  static Iterator<PartitionFacts> scan(Integer partition, Iterator<Row> rows) {
    PartitionFacts f = new PartitionFacts();
    f.partition = partition;
    while (rows.hasNext()) {
      Row r = rows.next();
      if (r.isNullAt(0) || r.isNullAt(1)) {
        f.nullRows++;
        f.rows++;
        continue;
      }
      Vector v = r.getAs(0);
      int w = v.size();
      f.minWidth = Math.min(f.minWidth, w);
      f.maxWidth = Math.max(f.maxWidth, w);
      boolean finite = true;
      if (v instanceof DenseVector) {
        for (double d : ((DenseVector) v).values()) {
          finite &= Double.isFinite(d) && Math.abs(d) <= Float.MAX_VALUE;
        }
      } else {
        for (double d : v.toArray()) {
          finite &= Double.isFinite(d) && Math.abs(d) <= Float.MAX_VALUE;
        }
      }
      if (!finite) {
        if (f.nonFiniteRows++ == 0) {
          f.firstNonFiniteRow = f.rows;
        }
      }
      double label = r.getDouble(1);
      if (label != Math.rint(label)) {
        if (f.nonWholeLabels++ == 0) {
          f.firstNonWholeLabel = label;
        }
      }
      f.minLabel = Math.min(f.minLabel, label);
      f.maxLabel = Math.max(f.maxLabel, label);
      f.rows++;
    }
    List<PartitionFacts> one = new ArrayList<>(1);
    one.add(f);
    return one.iterator();
  }

  /**
   * Throws one message naming every problem found; returns the rows per partition otherwise.
   *
   * @param classes the output count ({@code 1}: one sigmoid output, labels 0 or 1)
   */
  static int[] verify(List<PartitionFacts> facts, int features, int classes, String featuresCol, String labelCol) {
    facts = new ArrayList<>(facts);
    facts.sort((a, b) -> Integer.compare(a.partition, b.partition));
    int parts = facts.size();
    int[] rows = new int[parts];
    List<String> problems = new ArrayList<>();
    int maxLabel = classes == 1 ? 1 : classes - 1;
    for (PartitionFacts f : facts) {
      String where = "partition " + f.partition + " of " + parts;
      rows[f.partition] = f.rows;
      if (f.rows == 0) {
        problems.add(where + " is empty: every barrier task trains on rows of its own; repartition the data to at"
            + " most as many partitions as it has rows (e.g. df.repartition(n))");
        continue;
      }
      if (f.nullRows > 0) {
        problems.add(where + ": " + f.nullRows + " row(s) with a null " + featuresCol + " or " + labelCol);
      }
      if (f.maxWidth >= 0 && (f.minWidth != features || f.maxWidth != features)) {
        problems.add(String.format(Locale.ROOT, "%s: %s vectors have %s values, expected %d (the first layer size)",
            where, featuresCol, f.minWidth == f.maxWidth ? Integer.toString(f.minWidth) : f.minWidth + " to "
                + f.maxWidth, features));
      }
      if (f.nonFiniteRows > 0) {
        problems.add(where + ": " + f.nonFiniteRows + " row(s) with NaN, ∞ or beyond-float features (the first is "
            + "row " + f.firstNonFiniteRow + " of the partition)");
      }
      if (f.nonWholeLabels > 0) {
        problems.add(where + ": " + f.nonWholeLabels + " " + labelCol + " value(s) that are not whole numbers (e.g. "
            + f.firstNonWholeLabel + "): expected class indices 0.." + maxLabel);
      } else if (f.maxWidth >= 0 && (f.minLabel < 0 || f.maxLabel > maxLabel)) {
        problems.add(String.format(Locale.ROOT, "%s: %s values range from %s to %s, expected class indices 0..%d"
            + " (%s)", where, labelCol, f.minLabel, f.maxLabel, maxLabel, classes == 1 ? "one sigmoid output"
                : classes + " outputs, the last layer size"));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("bad training input: " + String.join("; ", problems));
    }
    return rows;
  }
}
