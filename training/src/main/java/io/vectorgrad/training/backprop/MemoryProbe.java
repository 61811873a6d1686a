package io.vectorgrad.training.backprop;

/**
 * Observes which activation buffers a schedule holds, for measuring peak memory (with JOL in the benchmarks
 * and tests). Called on every change of the live set during a step; the array is reused between calls and
 * its first {@code count} entries are the live buffers, the mini-batch input included.
 */
@FunctionalInterface
public interface MemoryProbe {
  void liveBuffersChanged(float[][] live, int count);
}
