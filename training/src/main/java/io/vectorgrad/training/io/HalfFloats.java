package io.vectorgrad.training.io;

/**
 * Exact conversions of the 16-bit float formats PyTorch saves to {@code float}: IEEE 754 binary16
 * ({@code F16}: 1 sign, 5 exponent, 10 fraction bits) and bfloat16 ({@code BF16}: the top half of a float).
 * Every value of either format is a float, so these are exact. A binary16 NaN keeps its sign and payload and
 * comes out quiet, bit for bit as {@code Float.float16ToFloat} (JDK 20+) and x86's {@code VCVTPH2PS} give it;
 * a bfloat16 NaN is kept as it is (the top half of a float). Written by hand because
 * {@code Float.float16ToFloat} exists only from JDK 20 and this library runs on 17.
 */
public final class HalfFloats {
  private HalfFloats() {}

  /** The float of binary16 {@code bits} (the low 16 bits are used). */
  public static float f16ToFloat(int bits) {
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int fraction = bits & 0x3ff;
    if (exponent == 0x1f) { // infinity, or NaN: payload to the top fraction bits, quiet bit set
      return Float.intBitsToFloat(sign | (fraction == 0 ? 0x7f80_0000 : 0x7fc0_0000 | (fraction << 13)));
    }
    if (exponent == 0) { // zero or subnormal: fraction × 2^-24, exact in float
      float magnitude = fraction * 0x1p-24f;
      return sign != 0 ? -magnitude : magnitude;
    }
    // normal: rebias the exponent from 15 to 127
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (fraction << 13));
  }

  /** The float of bfloat16 {@code bits} (the low 16 bits are used). */
  public static float bf16ToFloat(int bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }
}
