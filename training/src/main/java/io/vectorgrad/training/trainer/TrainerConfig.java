package io.vectorgrad.training.trainer;

import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import io.vectorgrad.training.optim.Adam;
import io.vectorgrad.training.optim.GradientClipping;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.optim.Optimizer;
import java.util.Objects;

/**
 * Everything a {@link Trainer} needs besides the model, loss and data. Immutable; built with
 * {@link #builder()}. The optimizer instance is stateful and is (re)bound at the start of each fit.
 */
public final class TrainerConfig {
  private final int batchSize;
  private final int epochs;
  private final long seed;
  private final Optimizer optimizer;
  private final LearningRateSchedule learningRateSchedule;
  private final GradientClipping clipping;
  private final ActivationSchedule schedule;
  private final int earlyStoppingPatience;
  private final double earlyStoppingMinDelta;
  private final boolean restoreBestWeights;
  private final int threads;
  private final boolean dropLastPartialBatch;

  private TrainerConfig(Builder b) {
    batchSize = b.batchSize;
    epochs = b.epochs;
    seed = b.seed;
    optimizer = b.optimizer != null ? b.optimizer : new Adam(1e-3f);
    learningRateSchedule = b.learningRateSchedule;
    clipping = b.clipping;
    schedule = b.schedule;
    earlyStoppingPatience = b.earlyStoppingPatience;
    earlyStoppingMinDelta = b.earlyStoppingMinDelta;
    restoreBestWeights = b.restoreBestWeights;
    threads = b.threads > 0 ? b.threads : Kernels.defaultThreads();
    dropLastPartialBatch = b.dropLastPartialBatch;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int batchSize() { return batchSize; }

  public int epochs() { return epochs; }

  public long seed() { return seed; }

  public Optimizer optimizer() { return optimizer; }

  public LearningRateSchedule learningRateSchedule() { return learningRateSchedule; }

  public GradientClipping clipping() { return clipping; }

  /** How activations are kept and recomputed in backward; {@link StoreAll#INSTANCE} by default. */
  public ActivationSchedule schedule() { return schedule; }

  /** Epochs without improvement before stopping; 0 = never stop early. */
  public int earlyStoppingPatience() { return earlyStoppingPatience; }

  public double earlyStoppingMinDelta() { return earlyStoppingMinDelta; }

  public boolean restoreBestWeights() { return restoreBestWeights; }

  public int threads() { return threads; }

  public boolean dropLastPartialBatch() { return dropLastPartialBatch; }

  @Override
  public String toString() {
    return "TrainerConfig[batch=" + batchSize + ", epochs=" + epochs + ", seed=" + seed + ", optimizer="
        + optimizer.spec() + "(lr=" + optimizer.learningRate() + "), lr schedule=" + learningRateSchedule.spec()
        + ", clipping=" + clipping.spec() + ", schedule=" + schedule.spec() + ", patience=" + earlyStoppingPatience
        + ", threads=" + threads + "]";
  }

  /** Defaults: batch 32, 10 epochs, seed 42, Adam(1e-3), constant rate, no clipping, StoreAll, no early stop. */
  public static final class Builder {
    private int batchSize = 32;
    private int epochs = 10;
    private long seed = 42;
    private Optimizer optimizer;
    private LearningRateSchedule learningRateSchedule = LearningRateSchedule.constant();
    private GradientClipping clipping = GradientClipping.none();
    private ActivationSchedule schedule = StoreAll.INSTANCE;
    private int earlyStoppingPatience;
    private double earlyStoppingMinDelta;
    private boolean restoreBestWeights = true;
    private int threads;
    private boolean dropLastPartialBatch;

    private Builder() {}

    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize=" + batchSize + ": expected >= 1");
      }
      this.batchSize = batchSize;
      return this;
    }

    public Builder epochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs=" + epochs + ": expected >= 1");
      }
      this.epochs = epochs;
      return this;
    }

    /** Seeds the shuffling (the model's initial weights come from its own builder seed). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      return this;
    }

    public Builder learningRateSchedule(LearningRateSchedule s) {
      this.learningRateSchedule = Objects.requireNonNull(s, "learningRateSchedule");
      return this;
    }

    public Builder clipping(GradientClipping clipping) {
      this.clipping = Objects.requireNonNull(clipping, "clipping");
      return this;
    }

    /** The activation schedule (checkpointing); default {@link StoreAll#INSTANCE}. */
    public Builder schedule(ActivationSchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    /**
     * Stop after {@code patience} epochs in which the monitored loss (validation loss, or training loss
     * without a validation set) did not improve by more than {@code minDelta}; 0 disables.
     */
    public Builder earlyStopping(int patience, double minDelta) {
      if (patience < 0 || !(minDelta >= 0)) {
        throw new IllegalArgumentException("early stopping patience=" + patience + ", minDelta=" + minDelta
            + ": expected patience >= 0 and minDelta >= 0");
      }
      this.earlyStoppingPatience = patience;
      this.earlyStoppingMinDelta = minDelta;
      return this;
    }

    public Builder earlyStopping(int patience) {
      return earlyStopping(patience, 0);
    }

    /** With early stopping, put back the parameters of the best epoch at the end (default true). */
    public Builder restoreBestWeights(boolean restore) {
      this.restoreBestWeights = restore;
      return this;
    }

    /** GEMM threads; 0 (default) = {@code Kernels.defaultThreads()}. Results do not depend on it. */
    public Builder threads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("threads=" + threads + ": expected >= 0 (0 = default)");
      }
      this.threads = threads;
      return this;
    }

    /**
     * Skip the last, smaller mini-batch of each epoch (default false: it is trained on, with its own
     * prepared buffers).
     */
    public Builder dropLastPartialBatch(boolean drop) {
      this.dropLastPartialBatch = drop;
      return this;
    }

    public TrainerConfig build() {
      return new TrainerConfig(this);
    }
  }
}
