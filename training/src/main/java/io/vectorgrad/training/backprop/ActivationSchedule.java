package io.vectorgrad.training.backprop;

/**
 * How the activations of one training step are kept and recomputed: the extension point between
 * {@code training} and {@code checkpointing}. Training's default is {@link StoreAll}; the
 * {@code checkpointing} module provides every-k, sqrt-n, Revolve, memory-budget and manual schedules.
 *
 * <p>Lifecycle: the trainer calls {@link #prepare} once per (network shape, batch size) and then runs
 * {@link Execution#run} every step; the execution allocates its buffers in {@code prepare} and reuses them,
 * so a step allocates nothing.
 */
public interface ActivationSchedule {
  /** The spec string of this schedule, e.g. {@code none}, {@code every:4}, {@code revolve:3}. */
  String spec();

  /**
   * Allocates what a step needs for a chain whose boundary buffers hold {@code widths[b]} floats per row
   * (length {@code blocks + 1}; {@code BlockNetwork.keptWidth}, which for plain Dense chains are the layer
   * widths) at {@code batchSize} rows.
   *
   * @throws IllegalArgumentException when the schedule cannot run on this network (e.g. k > depth), with a
   *     message that states the smallest feasible setting
   */
  Execution prepare(int[] widths, int batchSize);

  /**
   * {@link #prepare(int[], int)} with each block's recompute cost ({@code blockCosts[i]}, FLOPs at this batch
   * size, e.g. {@code Block.forwardFlops}), which cost-aware schedules weigh recomputation by; schedules that
   * only count forwards ignore it. {@code null} means "unknown": schedules count forwards.
   */
  default Execution prepare(int[] widths, long[] blockCosts, int batchSize) {
    return prepare(widths, batchSize);
  }

  /** A prepared schedule with its buffers. Not thread-safe: one per trainer. */
  interface Execution {
    /**
     * One forward and backward pass. {@code input} holds the mini-batch (boundary 0) and is kept by the
     * caller for the whole step; the execution calls {@link BlockNetwork#forward} (possibly several times
     * per block), {@link BlockNetwork#outputGradient} once and {@link BlockNetwork#backward} exactly once per
     * block, from the last to the first.
     */
    void run(BlockNetwork network, float[] input);

    /** The model output of the last {@link #run} (boundary {@code blocks}), valid until the next run. */
    float[] output();

    /** Forward calls made for block {@code i} since {@link #resetCounters()}, first pass included. */
    long forwardCalls(int block);

    void resetCounters();

    /** Receives the live activation buffers whenever that set changes; {@code null} turns probing off. */
    void setProbe(MemoryProbe probe);
  }
}
