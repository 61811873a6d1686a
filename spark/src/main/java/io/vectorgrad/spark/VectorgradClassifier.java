package io.vectorgrad.spark;

import io.vectorgrad.training.spec.ModelSpec;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import scala.reflect.ClassTag$;

/**
 * A Spark ML {@link Estimator} that trains a vectorgrad MLP by synchronous data-parallel SGD: one barrier
 * task per partition, each step's update the mean gradient of the global mini-batch (all-reduce over
 * TCP among the barrier tasks, fixed partition order, see {@link DataParallelTrainer}). Input: a
 * vector {@code featuresCol} and a numeric {@code labelCol} of class indices; the partitions must all be
 * non-empty and fit the cluster's task slots at once (barrier mode).
 *
 * <p>Params take the names of {@code vectorgrad train}: {@code layers} "784,256,128,10", {@code activation},
 * {@code residual}, {@code norm}, {@code loss} (softmax-ce or bce), {@code optimizer}, {@code learningRate},
 * {@code weightDecay} (NaN: the optimizer's default), {@code schedule}, {@code batchSize} (global rows per
 * step), {@code epochs}, {@code seed}, {@code activationCheckpoint} (none, sqrt, every:K, ...),
 * {@code checkpointDir} (the per-epoch training state; a rerun resumes), {@code resumeAttempts} (reruns of a
 * failed training stage from that state), {@code threadsPerExecutor}.
 */
public final class VectorgradClassifier extends Estimator<VectorgradClassificationModel>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final Param<String> layers;
  private final Param<String> activation;
  private final IntParam residual;
  private final Param<String> norm;
  private final Param<String> loss;
  private final Param<String> optimizer;
  private final DoubleParam learningRate;
  private final DoubleParam weightDecay;
  private final Param<String> schedule;
  private final IntParam batchSize;
  private final IntParam epochs;
  private final LongParam seed;
  private final Param<String> activationCheckpoint;
  private final Param<String> checkpointDir;
  private final IntParam threadsPerExecutor;
  private final IntParam resumeAttempts;
  private final Param<String> featuresCol;
  private final Param<String> labelCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;

  public VectorgradClassifier() {
    this(Identifiable.randomUID("vectorgradClassifier"));
  }

  public VectorgradClassifier(String uid) {
    this.uid = uid;
    layers = new Param<>(this, "layers", "layer sizes, first = features, last = classes (1 for bce), e.g. 784,256,10");
    activation = new Param<>(this, "activation", "hidden activation (relu, tanh, sigmoid, ...)");
    residual = new IntParam(this, "residual", "pre-norm residual blocks after the first hidden layer");
    norm = new Param<>(this, "norm", "normalisation: none, layer (batch only with one partition)");
    loss = new Param<>(this, "loss", "softmax-ce or bce");
    optimizer = new Param<>(this, "optimizer", "sgd, momentum, nesterov, adam or adamw");
    learningRate = new DoubleParam(this, "learningRate", "base learning rate");
    weightDecay = new DoubleParam(this, "weightDecay", "weight decay (NaN: the optimizer's default)");
    schedule = new Param<>(this, "schedule", "learning-rate schedule: constant, step:EVERY:GAMMA, exp:GAMMA, cosine");
    batchSize = new IntParam(this, "batchSize", "global mini-batch rows per step, split across the partitions");
    epochs = new IntParam(this, "epochs", "epochs");
    seed = new LongParam(this, "seed", "weight initialisation and shuffling seed");
    activationCheckpoint = new Param<>(this, "activationCheckpoint", "activation checkpointing: none, sqrt, every:K, ...");
    checkpointDir = new Param<>(this, "checkpointDir", "directory of the per-epoch training state (empty: none);"
        + " on a cluster a path every executor sees");
    threadsPerExecutor = new IntParam(this, "threadsPerExecutor", "GEMM threads of each training task");
    resumeAttempts = new IntParam(this, "resumeAttempts", "with a checkpointDir: how often fit reruns a failed"
        + " training stage from the last complete epoch (Spark does not retry a failed barrier result stage)");
    featuresCol = new Param<>(this, "featuresCol", "features column (vector)");
    labelCol = new Param<>(this, "labelCol", "label column (class index)");
    predictionCol = new Param<>(this, "predictionCol", "prediction column");
    probabilityCol = new Param<>(this, "probabilityCol", "class probabilities column");
    setDefault(activation, "relu");
    setDefault(residual, 0);
    setDefault(norm, "none");
    setDefault(loss, "softmax-ce");
    setDefault(optimizer, "adam");
    setDefault(learningRate, 1e-3);
    setDefault(weightDecay, Double.NaN);
    setDefault(schedule, "constant");
    setDefault(batchSize, 32);
    setDefault(epochs, 10);
    setDefault(seed, 42L);
    setDefault(activationCheckpoint, "none");
    setDefault(checkpointDir, "");
    setDefault(threadsPerExecutor, 1);
    setDefault(resumeAttempts, 3);
    setDefault(featuresCol, "features");
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> layers() { return layers; }
  public Param<String> activation() { return activation; }
  public IntParam residual() { return residual; }
  public Param<String> norm() { return norm; }
  public Param<String> loss() { return loss; }
  public Param<String> optimizer() { return optimizer; }
  public DoubleParam learningRate() { return learningRate; }
  public DoubleParam weightDecay() { return weightDecay; }
  public Param<String> schedule() { return schedule; }
  public IntParam batchSize() { return batchSize; }
  public IntParam epochs() { return epochs; }
  public LongParam seed() { return seed; }
  public Param<String> activationCheckpoint() { return activationCheckpoint; }
  public Param<String> checkpointDir() { return checkpointDir; }
  public IntParam threadsPerExecutor() { return threadsPerExecutor; }
  public IntParam resumeAttempts() { return resumeAttempts; }
  public Param<String> featuresCol() { return featuresCol; }
  public Param<String> labelCol() { return labelCol; }
  public Param<String> predictionCol() { return predictionCol; }
  public Param<String> probabilityCol() { return probabilityCol; }

  public VectorgradClassifier setLayers(String v) { set(layers, v); return this; }
  public VectorgradClassifier setActivation(String v) { set(activation, v); return this; }
  public VectorgradClassifier setResidual(int v) { set(residual, v); return this; }
  public VectorgradClassifier setNorm(String v) { set(norm, v); return this; }
  public VectorgradClassifier setLoss(String v) { set(loss, v); return this; }
  public VectorgradClassifier setOptimizer(String v) { set(optimizer, v); return this; }
  public VectorgradClassifier setLearningRate(double v) { set(learningRate, v); return this; }
  public VectorgradClassifier setWeightDecay(double v) { set(weightDecay, v); return this; }
  public VectorgradClassifier setSchedule(String v) { set(schedule, v); return this; }
  public VectorgradClassifier setBatchSize(int v) { set(batchSize, v); return this; }
  public VectorgradClassifier setEpochs(int v) { set(epochs, v); return this; }
  public VectorgradClassifier setSeed(long v) { set(seed, v); return this; }
  public VectorgradClassifier setActivationCheckpoint(String v) { set(activationCheckpoint, v); return this; }
  public VectorgradClassifier setCheckpointDir(String v) { set(checkpointDir, v); return this; }
  public VectorgradClassifier setThreadsPerExecutor(int v) { set(threadsPerExecutor, v); return this; }
  public VectorgradClassifier setResumeAttempts(int v) { set(resumeAttempts, v); return this; }
  public VectorgradClassifier setFeaturesCol(String v) { set(featuresCol, v); return this; }
  public VectorgradClassifier setLabelCol(String v) { set(labelCol, v); return this; }
  public VectorgradClassifier setPredictionCol(String v) { set(predictionCol, v); return this; }
  public VectorgradClassifier setProbabilityCol(String v) { set(probabilityCol, v); return this; }

  private String str(Param<String> p) {
    return getOrDefault(p);
  }

  private int integer(IntParam p) {
    return (Integer) getOrDefault(p);
  }

  /** The run these Params describe, parsed and checked (the library's messages for bad names). */
  public TrainingSettings settings() {
    if (!isDefined(layers)) {
      throw new IllegalArgumentException("layers is not set: give the layer sizes, e.g. setLayers(\"784,256,10\")");
    }
    return new TrainingSettings(ModelSpec.parseLayers(str(layers)), str(activation), integer(residual), str(norm),
        str(loss), str(optimizer), (Double) getOrDefault(learningRate), (Double) getOrDefault(weightDecay),
        str(schedule), integer(batchSize), integer(epochs), (Long) getOrDefault(seed), integer(threadsPerExecutor),
        str(activationCheckpoint), str(checkpointDir)).validate();
  }

  private transient volatile TrainingReport lastReport;

  /** The last fit's training report (epochs, losses, step and exchange times); null before any fit. */
  public TrainingReport lastReport() {
    return lastReport;
  }

  @Override
  public VectorgradClassificationModel fit(Dataset<?> dataset) {
    TrainingSettings s = settings();
    if (!s.lossPairing().classifies()) {
      throw new IllegalArgumentException("loss " + s.loss + " is a regression loss: a classifier takes softmax-ce or "
          + "bce");
    }
    if (s.lossPairing() == io.vectorgrad.training.spec.LossPairing.BCE && s.outputSize() != 1) {
      throw new IllegalArgumentException("loss bce needs one output (the last layer size 1), not " + s.outputSize());
    }
    InputCheck.checkSchema(dataset.schema(), str(featuresCol), str(labelCol));
    Dataset<Row> input = dataset.select(functions.col(str(featuresCol)),
        functions.col(str(labelCol)).cast("double"));
    // the checks and the barrier stage must see the same rows in the same partitions: cache unless cached
    boolean persist = dataset.storageLevel().equals(org.apache.spark.storage.StorageLevel.NONE());
    if (persist) {
      input = input.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    }
    try {
      return train(s, input);
    } finally {
      if (persist) {
        input.unpersist();
      }
    }
  }

  private VectorgradClassificationModel train(TrainingSettings s, Dataset<Row> input) {
    JavaRDD<Row> rdd = input.toJavaRDD();
    int parts = rdd.getNumPartitions();
    int slots = rdd.context().defaultParallelism();
    if (parts > slots) {
      throw new IllegalArgumentException("the input has " + parts + " partitions but the cluster runs " + slots
          + " tasks at once: barrier training needs one task slot per partition; repartition to at most " + slots);
    }
    List<InputCheck.PartitionFacts> facts = rdd.mapPartitionsWithIndex(InputCheck::scan, false).collect();
    int[] rows = InputCheck.verify(facts, s.inputSize(), s.outputSize(), str(featuresCol), str(labelCol));
    long t0 = System.nanoTime();
    List<DataParallelTrainer.Result> results;
    int failures = 0;
    while (true) {
      try {
        results = rdd.rdd().barrier().mapPartitions(new BarrierTraining(s, rows), false,
            ClassTag$.MODULE$.apply(DataParallelTrainer.Result.class)).toJavaRDD().collect();
        break;
      } catch (Exception e) { // Scala throws the checked SparkException undeclared
        if (!(e instanceof org.apache.spark.SparkException)) {
          throw e;
        }
        // a lost executor or failed task fails the whole barrier stage; with a state directory the rerun
        // continues after the last complete epoch, with the bits of an uninterrupted run
        if (s.stateDir().isEmpty() || ++failures > integer(resumeAttempts)) {
          throw e;
        }
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (results.size() != 1) {
      throw new IllegalStateException("expected one result (from partition 0), got " + results.size());
    }
    DataParallelTrainer.Result r = results.get(0);
    lastReport = new TrainingReport(rows, r, seconds);
    VectorgradClassificationModel model = new VectorgradClassificationModel(uid, r.model);
    copyValues(model, extractParamMap());
    return model.setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    InputCheck.checkSchema(schema, str(featuresCol), str(labelCol));
    return VectorgradClassificationModel.outputSchema(schema, str(predictionCol), str(probabilityCol));
  }

  @Override
  public VectorgradClassifier copy(ParamMap extra) {
    return (VectorgradClassifier) defaultCopy(extra);
  }

  public static MLReader<VectorgradClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static VectorgradClassifier load(String path) {
    return read().load(path);
  }
}
