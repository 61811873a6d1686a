package io.vectorgrad.training.layers;

import java.util.List;

/**
 * One step of a sequential model, batch-major: {@code rows × inputWidth()} in, {@code rows × outputWidth()}
 * out. A model is a sequence of blocks, and a block is also the unit an activation schedule keeps or
 * recomputes ({@code io.vectorgrad.training.backprop.BlockNetwork}).
 *
 * <p><b>Kept bytes.</b> A block's output buffer holds {@code rows × (outputWidth() + savedWidth())} floats:
 * the output first (row-major, {@code rows × outputWidth()}, what the next block reads), then the
 * intermediate values its backward needs (a residual branch's hidden activations). So the schedule keeps or
 * frees them together with the output, and the planner counts them exactly. Everything else backward needs
 * is recomputed from the input (normalisation statistics, cheap) or lives in the shared scratch.
 *
 * <p><b>Contract.</b> {@link #forward} is a pure function of the input, the parameters and the pass (step,
 * block index): running it again writes the same bits and changes no state. {@link #backward} runs once
 * per block and step, overwrites the parameter gradients with batch-mean gradients, writes the per-sample
 * gradient at the input into {@code dIn} (skipped when {@code null}) and may overwrite {@code dOut}.
 */
public interface Block {
  int inputWidth();

  int outputWidth();

  /** Floats per row kept after the output for backward (0 for most blocks). */
  default int savedWidth() {
    return 0;
  }

  /** Floats per row of {@link TrainingPass#scratch()} that backward uses. */
  default int scratchWidth() {
    return 0;
  }

  /** Trainable tensors, in file order. */
  List<Parameter> parameters();

  /** Non-trainable tensors (running statistics), in file order. */
  default List<Parameter> state() {
    return List.of();
  }

  /** The Dense layers inside this block, in parameter order. */
  List<Dense> denseLayers();

  /**
   * The cost of recomputing this block's forward on {@code rows} rows, in FLOPs (2 per multiply-add of its
   * GEMMs plus one per element-wise operation), which cost-aware checkpointing schedules weigh blocks by.
   */
  long forwardFlops(int rows);

  /**
   * Forward on {@code rows} rows. {@code out} holds {@code rows × (outputWidth() + savedWidth())} floats.
   * {@code z}, when not {@code null}, receives a Dense block's pre-activations (the output block's logits);
   * other blocks ignore it. {@code pass == null} means inference: dropout is the identity and BatchNorm uses
   * its running statistics.
   */
  void forward(float[] in, float[] out, float[] z, int rows, int threads, TrainingPass pass);

  /** Backward on {@code rows} rows; see the class comment. {@code in} and {@code out} are what forward saw and wrote. */
  void backward(float[] in, float[] out, float[] dOut, float[] dIn, int rows, int threads, TrainingPass pass);

  /** A deep copy with the same names and values (gradients zeroed). */
  Block copy();

  /** A short description such as {@code dense(784→256, relu)}. */
  String describe();
}
