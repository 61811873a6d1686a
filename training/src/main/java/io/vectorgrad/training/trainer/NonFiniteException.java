package io.vectorgrad.training.trainer;

/**
 * Training diverged: the loss or a gradient became NaN or ∞. Names the block (and tensor) and the step. Not an
 * {@link ArithmeticException}: divergence is an outcome of the chosen hyper-parameters, not a sizing or
 * arithmetic error of the program.
 */
public final class NonFiniteException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int layer;
  private final long step;

  public NonFiniteException(String message, int layer, long step) {
    super(message);
    this.layer = layer;
    this.step = step;
  }

  /** Index of the block concerned ({@code layers.{i}}; for plain chains the Dense layer), or −1 when it could not be attributed. */
  public int layer() {
    return layer;
  }

  /** The 0-based training step. */
  public long step() {
    return step;
  }
}
