package io.vectorgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.data.ArrayDataset;
import io.vectorgrad.training.data.Spirals;
import io.vectorgrad.training.io.ModelFiles;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.trainer.Trainer;
import io.vectorgrad.training.trainer.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimator on local[2]: two barrier tasks, determinism, the Trainer identity, resume, bad input, save/load. */
class VectorgradClassifierTest {
  static ArrayDataset data;

  @BeforeAll
  static void data() {
    data = Spirals.create(3, 60, 0.2, 3); // 180 rows, 2 features, 3 classes
  }

  static VectorgradClassifier classifier(int epochs) {
    return new VectorgradClassifier().setLayers("2,16,16,3").setLearningRate(0.02).setBatchSize(32).setEpochs(epochs)
        .setSeed(7);
  }

  static double accuracy(Dataset<Row> predicted) {
    long right = predicted.filter("prediction = label").count();
    return (double) right / predicted.count();
  }

  @Test
  void twoPartitionsTrainDeterministicallyAndLearn() {
    Dataset<Row> df = LocalSpark.frame(data, 2);
    VectorgradClassifier c = classifier(30);
    VectorgradClassificationModel a = c.fit(df);
    VectorgradClassificationModel b = classifier(30).fit(df);
    assertArrayEquals(a.weights(), b.weights(), "same seed and partitioning: the same bits");
    TrainingReport r = c.lastReport();
    assertEquals(2, r.partitions());
    assertArrayEquals(new int[] {90, 90}, r.partitionRows());
    assertEquals(30 * 6, r.steps()); // ceil(90 / 16) = 6 steps per epoch
    assertTrue(r.epochLoss()[29] < r.epochLoss()[0], "the loss falls");
    Dataset<Row> out = a.transform(df);
    assertEquals(List.of("features", "label", "prediction", "probability"), List.of(out.columns()));
    assertTrue(accuracy(out) > 0.8, "accuracy " + accuracy(out));
  }

  @Test
  void onePartitionEqualsTheSingleMachineTrainer() {
    VectorgradClassificationModel m = classifier(3).fit(LocalSpark.frame(data, 1));
    TrainingSettings s = classifier(3).settings();
    Model reference = s.modelSpec().build(7);
    TrainerConfig config = TrainerConfig.builder().batchSize(32).epochs(3).seed(7)
        .optimizer(s.optimizerSpec().create(0.02, Double.NaN)).learningRateSchedule(s.scheduleSpec().build(6, 3))
        .threads(1).build();
    new Trainer(reference, s.lossPairing().loss(), config).fit(data, null);
    assertArrayEquals(ModelFiles.toBytes(reference), m.weights());
  }

  @Test
  void aRerunWithTheSameCheckpointDirResumes(@TempDir Path dir) {
    Dataset<Row> df = LocalSpark.frame(data, 2);
    byte[] straight = classifier(3).setCheckpointDir(dir.resolve("a").toString()).fit(df).weights();
    classifier(2).setCheckpointDir(dir.resolve("b").toString()).fit(df);
    assertTrue(Files.isRegularFile(dir.resolve("b").resolve(TrainingState.FILE_NAME)));
    VectorgradClassifier again = classifier(3).setCheckpointDir(dir.resolve("b").toString());
    byte[] resumed = again.fit(df).weights();
    assertEquals(3, again.lastReport().firstEpoch());
    assertEquals(1, again.lastReport().epochLoss().length);
    assertArrayEquals(straight, resumed);
  }

  @Test
  void savedModelsLoadWithTheSameParamsAndWeights(@TempDir Path dir) throws Exception {
    Dataset<Row> df = LocalSpark.frame(data, 2);
    VectorgradClassificationModel m = classifier(2).fit(df).setPredictionCol("p");
    String path = dir.resolve("model").toString();
    m.write().save(path);
    VectorgradClassificationModel loaded = VectorgradClassificationModel.load(path);
    assertEquals(m.uid(), loaded.uid());
    assertEquals("p", loaded.getOrDefault(loaded.predictionCol()));
    assertArrayEquals(m.weights(), loaded.weights());
    Model file = ModelFiles.load(dir.resolve("model").resolve(VectorgradClassificationModel.WEIGHTS_FILE));
    assertArrayEquals(m.weights(), ModelFiles.toBytes(file));
    List<Row> a = m.transform(df).select("p").collectAsList();
    List<Row> b = loaded.transform(df).select("p").collectAsList();
    assertEquals(a, b);
    VectorgradClassifier est = classifier(5).setNorm("layer");
    est.write().save(dir.resolve("est").toString());
    VectorgradClassifier e2 = VectorgradClassifier.load(dir.resolve("est").toString());
    assertEquals("layer", e2.getOrDefault(e2.norm()));
    assertEquals(5, (Integer) e2.getOrDefault(e2.epochs()));
  }

  @Test
  void probabilitiesAreTheModelOutputsAndPredictionsItsArgmax() {
    Dataset<Row> df = LocalSpark.frame(data, 2);
    VectorgradClassificationModel m = classifier(2).fit(df);
    Model net = m.model();
    float[] in = new float[2];
    float[] out = new float[3];
    List<Row> rows = m.transform(df).collectAsList();
    assertEquals(data.size(), rows.size());
    for (Row r : rows) {
      double[] f = ((org.apache.spark.ml.linalg.Vector) r.getAs("features")).toArray();
      in[0] = (float) f[0];
      in[1] = (float) f[1];
      net.forward(in, 1, out);
      double[] p = ((org.apache.spark.ml.linalg.Vector) r.getAs("probability")).toArray();
      for (int k = 0; k < 3; k++) {
        assertEquals(out[k], p[k], 1e-6);
      }
      assertEquals(Model.predictedClass(out, 0, 3), (double) r.getAs("prediction"));
    }
  }

  static Dataset<Row> rows(SparkSession s, int partitions, double[][] features, double[] labels) {
    List<Row> list = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      list.add(RowFactory.create(Vectors.dense(features[i]), labels[i]));
    }
    return s.createDataFrame(new org.apache.spark.api.java.JavaSparkContext(s.sparkContext()).parallelize(list,
        partitions), LocalSpark.SCHEMA);
  }

  static String badInput(Dataset<Row> df) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classifier(1).fit(df));
    return e.getMessage();
  }

  @Test
  void badInputIsRefusedBeforeTraining() {
    SparkSession s = LocalSpark.session();
    double[][] ok = {{0, 1}, {1, 0}, {1, 1}, {0, 0}};
    String wide = badInput(rows(s, 2, new double[][] {{0, 1}, {1, 0, 2}, {1, 1}, {0, 0}}, new double[] {0, 1, 2, 0}));
    assertTrue(wide.contains("vectors have 2 to 3 values, expected 2"), wide);
    String label = badInput(rows(s, 2, ok, new double[] {0, 1, 3, 0}));
    assertTrue(label.contains("range from 0.0 to 3.0, expected class indices 0..2"), label);
    String whole = badInput(rows(s, 2, ok, new double[] {0, 1.5, 2, 0}));
    assertTrue(whole.contains("not whole numbers"), whole);
    String nan = badInput(rows(s, 2, new double[][] {{0, 1}, {1, 0}, {Double.NaN, 1}, {0, 0}}, new double[] {0, 1, 2,
        0}));
    assertTrue(nan.contains("partition 1 of 2: 1 row(s) with NaN"), nan);
    String empty = badInput(rows(s, 2, new double[][] {{0, 1}}, new double[] {0}));
    assertTrue(empty.contains("partition 0 of 2 is empty"), empty);
    StructType text = new StructType().add("features", DataTypes.StringType).add("label", DataTypes.DoubleType);
    String type = badInput(s.createDataFrame(List.of(RowFactory.create("1,2", 0.0)), text));
    assertTrue(type.contains("expected a vector column"), type);
    String missing = badInput(rows(s, 1, ok, new double[] {0, 1, 2, 0}).withColumnRenamed("label", "y"));
    assertTrue(missing.contains("labelCol 'label' is not a column"), missing);
    assertFalse(badInput(rows(s, 1, ok, new double[] {0, 1, 2, 0}).repartition(3)).isEmpty()); // 3 > 2 slots
  }
}
