package io.vectorgrad.kernels.panama;

import static io.vectorgrad.kernels.panama.VectorConstants.FLOATS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Float exp/expm1, sigmoid and tanh on whole vectors, accurate to a few ulp, without F2I conversions
 * (slow on AVX2) or masks.
 *
 * <p>Method: Cody-Waite reduction {@code y = n·ln2 + r}, {@code |r| <= ln2/2}, with {@code n} rounded by
 * adding 1.5·2^23 (the integer then sits in the low mantissa bits, so no float-to-int conversion is
 * needed); {@code e^r − 1 = r + r²·P(r)} with P a degree-4 minimax polynomial (see {@link #P2});
 * {@code 2^n} built directly in the exponent bits. Arguments are clamped
 * with compare+blend, which lets NaN through (it then propagates through the arithmetic).
 */
final class VectorMath {
  private VectorMath() {}

  static final float LOG2E = 1.44269504088896341f;
  /** ln2 with 9 trailing zero mantissa bits, so {@code n·LN2_HI} is exact for |n| < 2^9. */
  static final float LN2_HI = 0.693145751953125f;
  static final float LN2_LO = 1.42860677e-6f;
  /** 1.5·2^23: adding it rounds to an integer that can be read from the low mantissa bits. */
  static final float ROUND_MAGIC = 12582912f;
  static final int ROUND_MAGIC_BITS = 0x4B400000;
  // e^r ≈ 1 + r + r²·(P2 + P3·r + P4·r² + P5·r³ + P6·r⁴) on |r| <= 0.354: our own relative-error minimax
  // fit (iteratively reweighted least squares in double, coefficients rounded to float), max relative
  // error 5.7e-9 (about 0.05 ulp), one term shorter than the Taylor polynomial of the same accuracy
  static final float P2 = 0.49999994f;
  static final float P3 = 0.16666509f;
  static final float P4 = 0.04166853f;
  static final float P5 = 0.008370141f;
  static final float P6 = 0.0013811645f;
  /** Below this e^y is under half the smallest subnormal float, so exp rounds to 0. */
  static final float EXP_MIN_ARG = -105f;
  /** tanh(20) is 1 in float (it already is from 9.01); keeps 2^n of expm1(−2|x|) normal. */
  static final float TANH_MAX_ARG = 20f;

  /**
   * {@code e^y} for {@code y <= 0} or NaN (including −∞), with subnormal results rounded once. Arguments
   * above 0 are not supported (no overflow handling).
   */
  static FloatVector expNonPositive(FloatVector y) {
    return expClamped(y.blend(EXP_MIN_ARG, y.compare(VectorOperators.LT, EXP_MIN_ARG)), FloatVector.zero(FLOATS), 0);
  }

  /**
   * {@code e^(hi + lo)} for {@code hi <= 0} or NaN and {@code |lo| <= ulp(hi)/2} (the rounding error of
   * {@code hi}, see {@link #twoSumError}); lo joins the reduced argument, since for |hi| up to 105 the
   * rounding error of hi alone would cost up to ~16 ulp. Below the cutoff the result is exactly 0 (a
   * non-finite lo there is ignored).
   */
  static FloatVector expNonPositive(FloatVector hi, FloatVector lo) {
    return expNonPositiveScaled(hi, lo, 0);
  }

  /**
   * {@code e^(hi + lo)·2^scale} (see {@link #expNonPositive(FloatVector, FloatVector)}); a scale of
   * {@link #SUM_SCALE} keeps every term normal, so a sum of tiny exponentials is not lost to subnormal
   * rounding.
   */
  static FloatVector expNonPositiveScaled(FloatVector hi, FloatVector lo, int scale) {
    VectorMask<Float> under = hi.compare(VectorOperators.LT, EXP_MIN_ARG);
    return expClamped(hi.blend(EXP_MIN_ARG, under), lo.blend(0f, under), scale).blend(0f, under);
  }

  /** Scale for {@link #expNonPositiveScaled}: e^−105·2^64 is still a normal float, e^0·2^64 far from overflow. */
  static final int SUM_SCALE = 64;

  /** The exact rounding error of {@code s = fl(a − b)}: {@code (a − b) − s} (Knuth's TwoSum, 6 flops). */
  static FloatVector twoSumError(FloatVector a, float b, FloatVector s) {
    FloatVector bb = s.sub(a); // ≈ −b
    return a.sub(s.sub(bb)).sub(bb.add(b));
  }

  /** {@link #twoSumError(FloatVector, float, FloatVector)} with a per-lane b. */
  static FloatVector twoSumError(FloatVector a, FloatVector b, FloatVector s) {
    FloatVector bb = s.sub(a);
    return a.sub(s.sub(bb)).sub(bb.add(b));
  }

  /** {@code e^(y + lo)·2^scale} for {@code EXP_MIN_ARG <= y <= 0} (or NaN) and a tiny lo. */
  private static FloatVector expClamped(FloatVector y, FloatVector lo, int scale) {
    FloatVector t = y.fma(LOG2E, ROUND_MAGIC);
    FloatVector n = t.sub(ROUND_MAGIC);
    FloatVector r = n.fma(c(-LN2_HI), y).add(n.fma(c(-LN2_LO), lo));
    FloatVector p = r.fma(P6, P5).fma(r, c(P4)).fma(r, c(P3)).fma(r, c(P2)).fma(r, c(1f)).fma(r, c(1f));
    IntVector ni = t.viewAsIntegralLanes().sub(ROUND_MAGIC_BITS);
    IntVector biased = ni.add(127 + scale);
    if (!biased.compare(VectorOperators.LT, 1).anyTrue()) {
      return p.mul(biased.lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats()); // 2^n·2^scale is normal
    }
    // some result is subnormal (n down to -152): split 2^n into two normal factors, so it is rounded once
    IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
    FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    FloatVector s2 = biased.sub(n1).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return p.mul(s1).mul(s2);
  }

  /** {@code e^y − 1} for {@code −40 <= y <= 0} or NaN, accurate for tiny |y| (no cancellation). */
  static FloatVector expm1Small(FloatVector y) {
    FloatVector t = y.fma(LOG2E, ROUND_MAGIC);
    FloatVector n = t.sub(ROUND_MAGIC);
    FloatVector r = n.fma(c(-LN2_HI), y).add(n.mul(-LN2_LO));
    FloatVector q = r.fma(P6, P5).fma(r, c(P4)).fma(r, c(P3)).fma(r, c(P2)).fma(r.mul(r), r);
    // bits(t) − ROUND_MAGIC_BITS = n; the biased exponent n + 127 shifted into place is 2^n
    FloatVector s = t.viewAsIntegralLanes().sub(ROUND_MAGIC_BITS - 127)
        .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    // 2^n·(1 + q) − 1 = 2^n·q + (2^n − 1): both products exact inside the fma, 2^n − 1 exact for n >= -24
    return s.fma(q, s.sub(1f));
  }

  /** {@code 1 / (1 + e^−x)}: {@code 1/(1+e)} for x >= 0, {@code e/(1+e)} below, with {@code e = e^−|x|}. */
  static FloatVector sigmoid(FloatVector x) {
    // −|x| by setting the sign bit (one op instead of abs and neg)
    FloatVector e = expNonPositive(x.viewAsIntegralLanes().or(0x80000000).reinterpretAsFloats());
    FloatVector num = e.blend(1f, x.compare(VectorOperators.GE, 0f));
    return num.div(e.add(1f));
  }

  /** {@code tanh|x| = −expm1(−2|x|) / (2 + expm1(−2|x|))} with the sign of x copied back (keeps −0). */
  static FloatVector tanh(FloatVector x) {
    FloatVector a = x.abs();
    a = a.blend(TANH_MAX_ARG, a.compare(VectorOperators.GT, TANH_MAX_ARG));
    FloatVector m = expm1Small(a.mul(-2f));
    FloatVector t = m.neg().div(m.add(2f));
    IntVector magnitude = t.viewAsIntegralLanes().and(0x7FFFFFFF);
    IntVector sign = x.viewAsIntegralLanes().and(0x80000000);
    return magnitude.or(sign).reinterpretAsFloats();
  }

  /** Scalar sigmoid in double, rounded once, for tails. */
  static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
  }

  /** Scalar tanh in double, rounded once, for tails. */
  static float tanh(float x) {
    return (float) Math.tanh(x);
  }

  private static FloatVector c(float v) {
    return FloatVector.broadcast(FLOATS, v);
  }
}
