package io.vectorgrad.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** Every one of the 65,536 bit patterns of binary16 and bfloat16 against independent references. */
class HalfFloatsTest {
  /** binary16 from its definition, in double: (-1)^s × 2^(e-15) × (1 + f/1024), subnormals 2^-14 × f/1024. */
  static float f16Reference(int bits) {
    int s = (bits >> 15) & 1;
    int e = (bits >> 10) & 0x1f;
    int f = bits & 0x3ff;
    double sign = s == 1 ? -1 : 1;
    if (e == 31) {
      return f == 0 ? (float) (sign * Double.POSITIVE_INFINITY) : Float.NaN;
    }
    double v = e == 0 ? Math.scalb(f / 1024.0, -14) : Math.scalb(1 + f / 1024.0, e - 15);
    return (float) (sign * v);
  }

  /** bfloat16 from its definition: 8 exponent bits (bias 127), 7 fraction bits. */
  static float bf16Reference(int bits) {
    int s = (bits >> 15) & 1;
    int e = (bits >> 7) & 0xff;
    int f = bits & 0x7f;
    double sign = s == 1 ? -1 : 1;
    if (e == 255) {
      return f == 0 ? (float) (sign * Double.POSITIVE_INFINITY) : Float.NaN;
    }
    double v = e == 0 ? Math.scalb(f / 128.0, -126) : Math.scalb(1 + f / 128.0, e - 127);
    return (float) (sign * v);
  }

  @Test
  void everyF16PatternMatchesTheDefinitionAndTheJdk() throws Exception {
    Method jdk = null;
    try {
      jdk = Float.class.getMethod("float16ToFloat", short.class); // JDK 20+
    } catch (NoSuchMethodException e) {
      // JDK 17: the definition alone is the reference
    }
    int nans = 0;
    int subnormals = 0;
    for (int bits = 0; bits < 1 << 16; bits++) {
      float got = HalfFloats.f16ToFloat(bits);
      float want = f16Reference(bits);
      if (Float.isNaN(want)) {
        nans++;
        assertTrue(Float.isNaN(got), Integer.toHexString(bits));
        // the payload moves to the top of the float fraction, quiet bit set (as the JDK and VCVTPH2PS), sign kept
        assertEquals(0x40_0000 | (bits & 0x3ff) << 13, Float.floatToRawIntBits(got) & 0x7f_ffff,
            Integer.toHexString(bits));
        assertEquals(bits >> 15, Float.floatToRawIntBits(got) >>> 31, Integer.toHexString(bits));
      } else {
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), Integer.toHexString(bits));
      }
      if (((bits >> 10) & 0x1f) == 0 && (bits & 0x3ff) != 0) {
        subnormals++;
      }
      if (jdk != null) {
        float j = (float) jdk.invoke(null, (short) bits);
        assertEquals(Float.floatToRawIntBits(j), Float.floatToRawIntBits(got), Integer.toHexString(bits));
      }
    }
    assertEquals(2 * 1023, nans);
    assertEquals(2 * 1023, subnormals);
    // hand-computed cases
    assertEquals(1f, HalfFloats.f16ToFloat(0x3c00));
    assertEquals(-2f, HalfFloats.f16ToFloat(0xc000));
    assertEquals(65504f, HalfFloats.f16ToFloat(0x7bff));
    assertEquals(0x1p-24f, HalfFloats.f16ToFloat(0x0001));
    assertEquals(0x1p-14f, HalfFloats.f16ToFloat(0x0400));
    assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.f16ToFloat(0xfc00));
    assertEquals(0x8000_0000, Float.floatToRawIntBits(HalfFloats.f16ToFloat(0x8000)));
  }

  @Test
  void everyBf16PatternMatchesTheDefinition() {
    for (int bits = 0; bits < 1 << 16; bits++) {
      float got = HalfFloats.bf16ToFloat(bits);
      float want = bf16Reference(bits);
      if (Float.isNaN(want)) {
        assertTrue(Float.isNaN(got), Integer.toHexString(bits));
        assertEquals(bits << 16, Float.floatToRawIntBits(got), Integer.toHexString(bits));
      } else {
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), Integer.toHexString(bits));
      }
    }
    assertEquals(1f, HalfFloats.bf16ToFloat(0x3f80));
    assertEquals(-0.5f, HalfFloats.bf16ToFloat(0xbf00));
    assertEquals(0x1p-133f, HalfFloats.bf16ToFloat(0x0001));
    assertEquals(1f, HalfFloats.bf16ToFloat(0x1_3f80), "only the low 16 bits count");
  }
}
