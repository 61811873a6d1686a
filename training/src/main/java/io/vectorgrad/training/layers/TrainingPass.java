package io.vectorgrad.training.layers;

/**
 * What a block needs to know during a training step besides its buffers: the step (dropout masks), its
 * position (dropout masks), whether dropout and batch statistics are on, whether it is the output block
 * whose loss gradient is already {@code dL/dz}, and a shared scratch array for backward. One instance per
 * network, mutated between calls (so a step allocates nothing); inference passes {@code null} instead.
 */
public final class TrainingPass {
  private final float[] scratch;
  long step;
  int block;
  boolean training = true;
  boolean fusedOutput;
  boolean updateStatistics = true;

  /** {@code scratch}: at least {@code rows × max(Block.scratchWidth())} floats. */
  public TrainingPass(float[] scratch) {
    this.scratch = scratch;
  }

  public float[] scratch() {
    return scratch;
  }

  public long step() {
    return step;
  }

  public void setStep(long step) {
    this.step = step;
  }

  /** Index of the block being run in the model (selects its dropout mask). */
  public int block() {
    return block;
  }

  public void setBlock(int block) {
    this.block = block;
  }

  /** Training mode: dropout on, BatchNorm on batch statistics; off: inference behaviour with gradients. */
  public boolean training() {
    return training;
  }

  public void setTraining(boolean training) {
    this.training = training;
  }

  /** The incoming gradient of the output block is already {@code dL/dz} (softmax/sigmoid + its loss). */
  public boolean fusedOutput() {
    return fusedOutput;
  }

  public void setFusedOutput(boolean fused) {
    this.fusedOutput = fused;
  }

  /**
   * Whether backward folds the batch statistics into BatchNorm's running statistics. Backward runs exactly
   * once per block and step whatever the checkpointing schedule, so the running statistics are updated
   * once per step however often forward was recomputed. Off for gradient checks.
   */
  public boolean updateStatistics() {
    return updateStatistics;
  }

  public void setUpdateStatistics(boolean update) {
    this.updateStatistics = update;
  }
}
