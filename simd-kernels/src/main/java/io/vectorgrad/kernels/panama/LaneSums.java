package io.vectorgrad.kernels.panama;

import static io.vectorgrad.kernels.panama.VectorConstants.LANES;

/**
 * Float sums of a vector's lanes in one fixed order, the same in the interpreter, C1 and C2 on every JDK.
 * {@code reduceLanes} with {@code VectorOperators.ADD} promises no order, and from JDK 24 on C2 compiles it on
 * x86 as an unordered tree (JDK-8337062) while the interpreter and C1 add lanes in order, so a result would
 * depend on whether the method was compiled yet. Kernels spill the vector into a per-thread {@link #scratch} array
 * ({@code intoArray}, no allocation) and add it here; vectors never cross a call, which would box them.
 */
final class LaneSums {
  private LaneSums() {}

  /** Room for four spilled vectors: {@code dotRows4} spills four accumulators at once. */
  static final int SCRATCH_FLOATS = 4 * LANES;

  private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[SCRATCH_FLOATS]);

  /** This thread's {@link #SCRATCH_FLOATS}-float spill area; holds floats, never vectors. */
  static float[] scratch() {
    return SCRATCH.get();
  }

  /**
   * {@code t[from, from + LANES)} added as four interleaved partial sums (lanes l ≡ 0, 1, 2, 3 mod 4, each in
   * lane order), then {@code (s0 + s1) + (s2 + s3)}: a fixed order, with four independent chains for latency.
   */
  static float sum(float[] t, int from) {
    if (LANES < 4) {
      float s = t[from];
      for (int l = 1; l < LANES; l++) {
        s += t[from + l];
      }
      return s;
    }
    float s0 = t[from];
    float s1 = t[from + 1];
    float s2 = t[from + 2];
    float s3 = t[from + 3];
    for (int l = 4; l < LANES; l += 4) {
      s0 += t[from + l];
      s1 += t[from + l + 1];
      s2 += t[from + l + 2];
      s3 += t[from + l + 3];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
