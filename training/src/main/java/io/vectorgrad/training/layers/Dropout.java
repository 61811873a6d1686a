package io.vectorgrad.training.layers;

/**
 * Inverted dropout: during training each element is kept with probability {@code 1 − rate} and scaled by
 * {@code 1/(1 − rate)}; at inference it is the identity.
 *
 * <p>The mask is a pure function of {@code (seed, step, block, element index)} — a counter-based hash, not
 * a random stream — so a checkpointing schedule that recomputes a block reproduces it exactly and nothing
 * advances because of recomputation. The layer itself is immutable.
 */
public final class Dropout {
  private final float rate;
  private final long seed;
  private final int size;
  private final float scale;
  /** Elements whose 53-bit hash value is below this are dropped. */
  private final long threshold;

  public Dropout(int size, float rate, long seed) {
    if (!(rate >= 0f && rate < 1f)) {
      throw new IllegalArgumentException("dropout rate=" + rate + ": expected 0 <= rate < 1");
    }
    if (size < 1) {
      throw new IllegalArgumentException("size=" + size + ": expected >= 1");
    }
    this.rate = rate;
    this.seed = seed;
    this.size = size;
    this.scale = 1f / (1f - rate);
    this.threshold = (long) Math.floor((double) rate * (1L << 53));
  }

  public float rate() {
    return rate;
  }

  public long seed() {
    return seed;
  }

  /** The factor applied to kept elements, {@code 1/(1 − rate)}. */
  public float scale() {
    return scale;
  }

  public int size() {
    return size;
  }

  /** Whether element {@code index} of the batch buffer is kept at this step and block. */
  public boolean keep(long step, int block, int index) {
    return (mix(seed, step, block, index) >>> 11) >= threshold;
  }

  /** Training forward, in place: {@code x[i] = keep ? x[i]·scale : 0} on the first {@code n} elements. */
  public void apply(long step, int block, float[] x, int n) {
    if (rate == 0f) {
      return;
    }
    for (int i = 0; i < n; i++) {
      x[i] = keep(step, block, i) ? x[i] * scale : 0f;
    }
  }

  /** Backward of {@link #apply}, in place on the gradient: {@code d[i] = keep ? d[i]·scale : 0}. */
  public void backward(long step, int block, float[] d, int n) {
    apply(step, block, d, n);
  }

  /** SplitMix64-style finaliser over the four counters: stateless and cheap. */
  static long mix(long seed, long step, int block, int index) {
    long z = seed * 0x9E3779B97F4A7C15L;
    z = fmix(z ^ step);
    z = fmix(z ^ ((long) block << 32 | (index & 0xFFFFFFFFL)));
    return z;
  }

  private static long fmix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public String describe() {
    return "dropout(" + rate + ")";
  }
}
