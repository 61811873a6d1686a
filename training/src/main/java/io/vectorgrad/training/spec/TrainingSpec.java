package io.vectorgrad.training.spec;

import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.trainer.TrainerConfig;
import java.util.Objects;

/**
 * Everything a training run is made of besides the data: the model shape, the loss, the optimizer with its
 * learning rate and epoch-based schedule, batch size, epochs, seed, GEMM threads and checkpointing. It turns
 * into a {@link TrainerConfig} once the training set size is known, and says up front how much heap the run
 * needs, so a run that cannot fit fails before it starts.
 */
public final class TrainingSpec {
  /** Rows per evaluation batch (test and validation passes). */
  public static final int EVALUATION_BATCH = 256;

  private final ModelSpec model;
  private final LossPairing loss;
  private final OptimizerSpec optimizer;
  private final double lr;
  private final double weightDecay;
  private final ScheduleSpec schedule;
  private final int batch;
  private final int epochs;
  private final long seed;
  private final int threads;
  private final ActivationSchedule checkpoint;

  /**
   * @param weightDecay NaN for the optimizer's default
   * @param threads 0 for {@link Kernels#defaultThreads()}
   * @param checkpoint null for store-all
   */
  public TrainingSpec(ModelSpec model, LossPairing loss, OptimizerSpec optimizer, double lr, double weightDecay,
      ScheduleSpec schedule, int batch, int epochs, long seed, int threads, ActivationSchedule checkpoint) {
    this.model = Objects.requireNonNull(model, "model");
    this.loss = Objects.requireNonNull(loss, "loss");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    if (batch < 1 || epochs < 1 || threads < 0) {
      throw new SpecException("batch " + batch + ", epochs " + epochs + ", threads " + threads
          + ": expected batch and epochs >= 1, threads >= 0");
    }
    optimizer.create(lr, weightDecay); // validates lr and the weight decay now, not after loading data
    this.lr = lr;
    this.weightDecay = weightDecay;
    this.batch = batch;
    this.epochs = epochs;
    this.seed = seed;
    this.threads = threads == 0 ? Kernels.defaultThreads() : threads;
    this.checkpoint = checkpoint == null ? StoreAll.INSTANCE : checkpoint;
  }

  public ModelSpec model() {
    return model;
  }

  public LossPairing loss() {
    return loss;
  }

  public int threads() {
    return threads;
  }

  public ActivationSchedule checkpoint() {
    return checkpoint;
  }

  /** Mini-batches per epoch for a training set of {@code trainSize} samples (the last may be partial). */
  public int stepsPerEpoch(int trainSize) {
    if (trainSize < 1) {
      throw new SpecException("the training set is empty: nothing to train on");
    }
    int b = Math.min(batch, trainSize);
    return (trainSize + b - 1) / b;
  }

  /**
   * A lower bound of the heap the run needs beyond the loaded data: training buffers of the model at this
   * batch and the evaluation buffers (the trainer's gradient-norm summary and epoch history are O(blocks)
   * and O(epochs): negligible).
   */
  public long bytesNeeded(int trainSize) {
    int b = Math.min(batch, trainSize);
    long train = model.trainingBytes(b, optimizer.stateCopies());
    long eval = model.activationBytes(EVALUATION_BATCH);
    return HeapBudget.sum(train, eval);
  }

  /** Throws {@link HeapBudget.TooLargeException} when {@link #bytesNeeded} does not fit. */
  public void checkHeap(int trainSize) {
    HeapBudget.require("training " + model.describe() + " at batch " + Math.min(batch, trainSize) + " for " + epochs
        + " epoch(s)", bytesNeeded(trainSize));
  }

  /** The learning-rate schedule in steps. */
  public LearningRateSchedule learningRateSchedule(int trainSize) {
    return schedule.build(stepsPerEpoch(trainSize), epochs);
  }

  /** The trainer configuration for a training set of {@code trainSize} samples. */
  public TrainerConfig config(int trainSize) {
    return TrainerConfig.builder().batchSize(batch).epochs(epochs).seed(seed).optimizer(optimizer.create(lr,
        weightDecay)).learningRateSchedule(learningRateSchedule(trainSize)).schedule(checkpoint).threads(threads)
        .build();
  }
}
