package io.vectorgrad.training.backprop;

/**
 * What a model offers an {@link ActivationSchedule} during one training step: a chain of <em>blocks</em>
 * (a model's {@code Block}s: Dense layers with activation and dropout, residual blocks, norms), so that
 * block {@code i} maps the activations at boundary {@code i} to those at boundary {@code i + 1}. Boundary 0
 * is the model input, boundary {@link #blocks()} the model output.
 *
 * <p>Buffers are float arrays owned by the schedule, {@code batchSize() × keptWidth(boundary)} floats: the
 * row-major {@code batchSize() × width(boundary)} activations first, then whatever else the block that
 * wrote them keeps for its backward pass (a residual branch's hidden activations). Everything a block needs
 * for its backward pass is a function of its input and output buffers, so the schedule decides which
 * boundaries to keep and which to recompute.
 */
public interface BlockNetwork {
  /** Number of blocks, {@code n >= 1}. */
  int blocks();

  /** Rows in the current mini-batch. */
  int batchSize();

  /** Floats per sample at boundary {@code b}, {@code 0 <= b <= blocks()}. */
  int width(int boundary);

  /**
   * Floats per row of the buffer at boundary {@code b}: {@code width(b)} plus what the block writing it keeps
   * for backward ({@code width(0)} at the input). The schedule allocates and counts buffers of this size.
   */
  default int keptWidth(int boundary) {
    return width(boundary);
  }

  /**
   * Forward through block {@code i}: {@code out = block_i(in)}. Deterministic within a step: calling it
   * again on the same input gives bit-identical output and changes no state (a dropout mask is a function of
   * the step and the block, not of how often the block ran), which is what makes recomputation exact.
   */
  void forward(int block, float[] in, float[] out);

  /**
   * At the model output: computes the loss of the step and writes its gradient with respect to the output
   * (the fused {@code a − y} for softmax + cross-entropy and sigmoid + binary cross-entropy).
   */
  void outputGradient(float[] output, float[] dOutput);

  /**
   * Backward through block {@code i}, given its input, its output and the gradient at its output: sets the
   * block's parameter gradients (overwriting, so each block's backward must run exactly once per step) and
   * writes the gradient at its input into {@code dIn}. {@code dIn} is {@code null} for block 0, whose input
   * gradient nobody needs. {@code dOut} may be overwritten.
   */
  void backward(int block, float[] in, float[] out, float[] dOut, float[] dIn);
}
