package io.vectorgrad.spark;

import io.vectorgrad.training.io.ModelFileException;
import io.vectorgrad.training.io.ModelFiles;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.serve.Predictor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * The trained classifier: {@link #transform} appends {@code predictionCol} (the class index as a double)
 * and {@code probabilityCol} (the model's outputs; {@code [1-p, p]} for one sigmoid output), running one
 * {@link Predictor} per partition over batches of rows in reused arrays. Saved with {@link #write()}: Spark's
 * Params metadata plus the weights as the usual vectorgrad safetensors file, {@code PATH/data/model.safetensors}.
 */
public final class VectorgradClassificationModel extends org.apache.spark.ml.Model<VectorgradClassificationModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;
  /** Where {@link #write()} puts the weights, under the save path. */
  public static final String WEIGHTS_FILE = "data/model.safetensors";
  private final String uid;
  private final byte[] weights;
  private transient Model model;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;

  /** {@code weights}: a vectorgrad model file's bytes ({@link ModelFiles#toBytes}). */
  public VectorgradClassificationModel(String uid, byte[] weights) {
    this.uid = uid;
    this.weights = weights.clone();
    try {
      this.model = ModelFiles.fromBytes(this.weights, "model of " + uid);
    } catch (ModelFileException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    featuresCol = new Param<>(this, "featuresCol", "features column (vector)");
    predictionCol = new Param<>(this, "predictionCol", "prediction column");
    probabilityCol = new Param<>(this, "probabilityCol", "class probabilities column");
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
  }

  /** A model for {@code model}, e.g. one trained by {@code vectorgrad train} and loaded with ModelFiles. */
  public static VectorgradClassificationModel of(Model model) {
    return new VectorgradClassificationModel(Identifiable.randomUID("vectorgradClassifier"), ModelFiles.toBytes(model));
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> featuresCol() { return featuresCol; }
  public Param<String> predictionCol() { return predictionCol; }
  public Param<String> probabilityCol() { return probabilityCol; }

  public VectorgradClassificationModel setFeaturesCol(String v) { set(featuresCol, v); return this; }
  public VectorgradClassificationModel setPredictionCol(String v) { set(predictionCol, v); return this; }
  public VectorgradClassificationModel setProbabilityCol(String v) { set(probabilityCol, v); return this; }

  /** A copy of the trained network (the driver's; transform ships the weights' bytes). */
  public Model model() {
    return network().copy();
  }

  private Model network() {
    if (model == null) {
      try {
        model = ModelFiles.fromBytes(weights, "model of " + uid);
      } catch (ModelFileException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    return model;
  }

  /** The weights as a vectorgrad safetensors file's bytes. */
  public byte[] weights() {
    return weights.clone();
  }

  public int numClasses() {
    int out = network().outputSize();
    return out == 1 ? 2 : out;
  }

  public int numFeatures() {
    return network().inputSize();
  }

  static StructType outputSchema(StructType schema, String predictionCol, String probabilityCol) {
    for (String c : new String[] {predictionCol, probabilityCol}) {
      if (List.of(schema.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("output column '" + c + "' already exists in the input (columns: "
            + List.of(schema.fieldNames()) + "): choose another name");
      }
    }
    return schema.add(new StructField(predictionCol, DataTypes.DoubleType, false, org.apache.spark.sql.types.Metadata.empty()))
        .add(new StructField(probabilityCol, SQLDataTypes.VectorType(), false, org.apache.spark.sql.types.Metadata.empty()));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    InputCheck.checkSchema(schema, getOrDefault(featuresCol), null);
    return outputSchema(schema, getOrDefault(predictionCol), getOrDefault(probabilityCol));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    Dataset<Row> df = dataset.toDF();
    StructType out = transformSchema(df.schema());
    int features = df.schema().fieldIndex(getOrDefault(featuresCol));
    Broadcast<byte[]> bytes = new org.apache.spark.api.java.JavaSparkContext(df.sparkSession().sparkContext())
        .broadcast(weights);
    return df.sparkSession().createDataFrame(df.toJavaRDD().mapPartitions(new PredictPartition(bytes, features)), out);
  }

  /** One Predictor per partition; rows go through in batches of {@link Predictor#DEFAULT_MAX_BATCH}. */
  static final class PredictPartition implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> weights;
    private final int featureIndex;

    PredictPartition(Broadcast<byte[]> weights, int featureIndex) {
      this.weights = weights;
      this.featureIndex = featureIndex;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws ModelFileException {
      Predictor p = new Predictor(ModelFiles.fromBytes(weights.value(), "broadcast model"));
      return new Batches(p, featureIndex, rows);
    }
  }

  /** Reads up to a batch of rows into one reused input array, predicts them at once, then hands them out. */
  static final class Batches implements Iterator<Row> {
    private final Predictor predictor;
    private final int featureIndex;
    private final Iterator<Row> rows;
    private final int in;
    private final int outs;
    private final float[] x;
    private final float[] y;
    private final Row[] pending;
    private int count;
    private int next;

    Batches(Predictor predictor, int featureIndex, Iterator<Row> rows) {
      this.predictor = predictor;
      this.featureIndex = featureIndex;
      this.rows = rows;
      this.in = predictor.inputSize();
      this.outs = predictor.outputSize();
      this.x = new float[predictor.maxBatch() * in];
      this.y = new float[predictor.maxBatch() * outs];
      this.pending = new Row[predictor.maxBatch()];
    }

    @Override
    public boolean hasNext() {
      if (next < count) {
        return true;
      }
      count = 0;
      next = 0;
      while (count < pending.length && rows.hasNext()) {
        Row r = rows.next();
        if (r.isNullAt(featureIndex)) {
          throw new IllegalArgumentException("a row has a null features vector: " + r);
        }
        Vector v = r.getAs(featureIndex);
        if (v.size() != in) {
          throw new IllegalArgumentException("a features vector has " + v.size() + " values, the model expects " + in);
        }
        if (v instanceof DenseVector) {
          double[] d = ((DenseVector) v).values();
          for (int i = 0; i < in; i++) {
            x[count * in + i] = (float) d[i];
          }
        } else {
          java.util.Arrays.fill(x, count * in, (count + 1) * in, 0f);
          int base = count * in;
          v.foreachActive(new scala.runtime.AbstractFunction2<Object, Object, scala.runtime.BoxedUnit>() {
            @Override
            public scala.runtime.BoxedUnit apply(Object i, Object value) {
              x[base + (Integer) i] = (float) (double) (Double) value;
              return scala.runtime.BoxedUnit.UNIT;
            }
          });
        }
        pending[count++] = r;
      }
      if (count > 0) {
        predictor.predictBatch(x, count, y);
      }
      return count > 0;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = pending[next];
      pending[next] = null;
      int off = next * outs;
      next++;
      double[] prob;
      double cls;
      if (outs == 1) {
        prob = new double[] {1 - y[off], y[off]};
        cls = y[off] >= 0.5f ? 1 : 0;
      } else {
        prob = new double[outs];
        for (int k = 0; k < outs; k++) {
          prob[k] = y[off + k];
        }
        cls = Model.predictedClass(y, off, outs);
      }
      Object[] values = new Object[r.length() + 2];
      for (int i = 0; i < r.length(); i++) {
        values[i] = r.get(i);
      }
      values[r.length()] = cls;
      values[r.length() + 1] = new DenseVector(prob);
      return RowFactory.create(values);
    }
  }

  @Override
  public VectorgradClassificationModel copy(ParamMap extra) {
    VectorgradClassificationModel m = copyValues(new VectorgradClassificationModel(uid, weights), extra);
    return m.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<VectorgradClassificationModel> read() {
    return new Reader();
  }

  public static VectorgradClassificationModel load(String path) {
    return read().load(path);
  }

  /** Params as Spark's metadata JSON, weights as {@value #WEIGHTS_FILE}. */
  static final class Writer extends MLWriter {
    private final VectorgradClassificationModel instance;

    Writer(VectorgradClassificationModel instance) {
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(instance, path, sparkSession());
      Path file = new Path(path, WEIGHTS_FILE);
      try {
        FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
        try (OutputStream o = fs.create(file, false)) {
          o.write(instance.weights);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
      }
    }
  }

  static final class Reader extends MLReader<VectorgradClassificationModel> {
    @Override
    public VectorgradClassificationModel load(String path) {
      DefaultParamsReader.Metadata meta = DefaultParamsReader.loadMetadata(path, sparkSession(),
          VectorgradClassificationModel.class.getName());
      Path file = new Path(path, WEIGHTS_FILE);
      byte[] bytes;
      try {
        FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
        long size = fs.getFileStatus(file).getLen();
        if (size > io.vectorgrad.training.io.SafeTensors.MAX_FILE_BYTES) {
          throw new IllegalArgumentException(file + ": " + size + " bytes is more than a model file can hold");
        }
        bytes = new byte[(int) size];
        try (InputStream i = fs.open(file)) {
          int off = 0;
          while (off < bytes.length) {
            int k = i.read(bytes, off, bytes.length - off);
            if (k < 0) {
              throw new IOException("truncated after " + off + " of " + size + " bytes");
            }
            off += k;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
      }
      VectorgradClassificationModel m = new VectorgradClassificationModel(meta.uid(), bytes);
      meta.getAndSetParams(m, Option.empty());
      return m;
    }
  }
}
