package io.vectorgrad.kernels.panama;

import static io.vectorgrad.kernels.panama.VectorConstants.FLOATS;
import static io.vectorgrad.kernels.panama.VectorConstants.INTS;
import static io.vectorgrad.kernels.panama.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Float exp/expm1-based kernels (sigmoid, tanh, the exponentials of softmax), accurate to a few ulp, without
 * F2I conversions (slow on AVX2) or masked loads.
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

  /** Scale of the exponentials log-softmax sums: e^−105·2^64 is still a normal float, 2^64 far from overflow. */
  static final int SUM_SCALE = 64;

  // Bits are reinterpreted with reinterpretShape to the constant species INTS/FLOATS, not viewAsIntegralLanes/
  // reinterpretAsFloats, whose target species C2 has to look up: in the JDK 17 compiles that allocated it
  // printed "missing constant" for such lookups (the cure was PanamaKernelProvider's start-up run; this keeps
  // the species a constant regardless).
  // The kernels below take and return arrays, never vectors, and each has its exp code written out in its own
  // loop, constants broadcast once before it: on JDK 17 a FloatVector passed to or returned from a call the JIT
  // does not inline is boxed, and the JIT gives up inlining even tiny helpers (NodeCountInliningCutoff) or ones
  // it compiled on their own ("already compiled into a big method"). Measured in JMH: 12-24 KB of garbage and
  // 6-10x the time per 1024 elements with vector helpers.

  /** {@code out[i] = 1 / (1 + e^−x[i])}: {@code 1/(1+e)} for x >= 0, {@code e/(1+e)} below, {@code e = e^−|x|}. */
  static void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
    FloatVector ln2Hi = FloatVector.broadcast(FLOATS, -LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(FLOATS, -LN2_LO);
    FloatVector p4 = FloatVector.broadcast(FLOATS, P4);
    FloatVector p3 = FloatVector.broadcast(FLOATS, P3);
    FloatVector p2 = FloatVector.broadcast(FLOATS, P2);
    FloatVector one = FloatVector.broadcast(FLOATS, 1f);
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, x, xOff + i);
      // −|x| by setting the sign bit (one op instead of abs and neg); clamp with compare+blend (NaN passes)
      FloatVector y = (FloatVector) ((IntVector) v.reinterpretShape(INTS, 0)).or(0x80000000)
          .reinterpretShape(FLOATS, 0);
      y = y.blend(EXP_MIN_ARG, y.compare(VectorOperators.LT, EXP_MIN_ARG));
      FloatVector t = y.fma(LOG2E, ROUND_MAGIC);
      FloatVector nf = t.sub(ROUND_MAGIC);
      FloatVector r = nf.fma(ln2Hi, y).add(nf.mul(-LN2_LO));
      FloatVector p = r.fma(P6, P5).fma(r, p4).fma(r, p3).fma(r, p2).fma(r, one).fma(r, one);
      IntVector ni = ((IntVector) t.reinterpretShape(INTS, 0)).sub(ROUND_MAGIC_BITS);
      // 2^n as two normal factors, so that a subnormal e is rounded only once (a normal one not at all).
      // Always both, never a branch on the data: a branch first taken late in training (logits far apart)
      // deoptimised the compiled loop mid-run and the interpreted Vector API allocated on every call.
      IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
      FloatVector e = p.mul((FloatVector) n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretShape(FLOATS, 0))
          .mul((FloatVector) ni.sub(n1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretShape(FLOATS, 0));
      e.blend(1f, v.compare(VectorOperators.GE, 0f)).div(e.add(1f)).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = (float) (1.0 / (1.0 + Math.exp(-(double) x[xOff + i])));
    }
  }

  /**
   * {@code out[i] = tanh(x[i])} as {@code tanh|x| = −m / (2 + m)}, {@code m = expm1(−2|x|)}, with the sign of x
   * copied back (keeps −0). expm1 as {@code 2^n·q + (2^n − 1)}, {@code q = e^r − 1 = r + r²·P(r)}: both
   * products exact inside the fma and {@code 2^n − 1} exact, so tiny |x| does not cancel.
   */
  static void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
    FloatVector ln2Hi = FloatVector.broadcast(FLOATS, -LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(FLOATS, -LN2_LO);
    FloatVector p4 = FloatVector.broadcast(FLOATS, P4);
    FloatVector p3 = FloatVector.broadcast(FLOATS, P3);
    FloatVector p2 = FloatVector.broadcast(FLOATS, P2);
    FloatVector one = FloatVector.broadcast(FLOATS, 1f);
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, x, xOff + i);
      FloatVector a = v.abs();
      FloatVector y = a.blend(TANH_MAX_ARG, a.compare(VectorOperators.GT, TANH_MAX_ARG)).mul(-2f);
      FloatVector t = y.fma(LOG2E, ROUND_MAGIC);
      FloatVector nf = t.sub(ROUND_MAGIC);
      FloatVector r = nf.fma(ln2Hi, y).add(nf.mul(-LN2_LO));
      FloatVector q = r.fma(P6, P5).fma(r, p4).fma(r, p3).fma(r, p2).fma(r.mul(r), r);
      // bits(t) − ROUND_MAGIC_BITS = n in [−58, 0]; the biased exponent n + 127 shifted into place is 2^n
      FloatVector s = (FloatVector) ((IntVector) t.reinterpretShape(INTS, 0)).sub(ROUND_MAGIC_BITS - 127)
          .lanewise(VectorOperators.LSHL, 23).reinterpretShape(FLOATS, 0);
      FloatVector m = s.fma(q, s.sub(1f));
      IntVector magnitude = ((IntVector) m.neg().div(m.add(2f)).reinterpretShape(INTS, 0)).and(0x7FFFFFFF);
      IntVector sign = ((IntVector) v.reinterpretShape(INTS, 0)).and(0x80000000);
      ((FloatVector) magnitude.or(sign).reinterpretShape(FLOATS, 0)).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = (float) Math.tanh(x[xOff + i]);
    }
  }

  /**
   * {@code out[i] = e^(x[i] − m[i])} for {@code m[i] >= x[i]} (a row maximum, or NaN), with the difference
   * carried exactly: its TwoSum rounding error lo joins the reduced argument, since for differences up to 105
   * the rounding of x − m alone would cost up to ~16 ulp. 0 below {@link #EXP_MIN_ARG} (also for −∞).
   */
  static void expOfDifference(float[] x, int xOff, float[] m, float[] out, int outOff, int n) {
    FloatVector ln2Hi = FloatVector.broadcast(FLOATS, -LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(FLOATS, -LN2_LO);
    FloatVector p4 = FloatVector.broadcast(FLOATS, P4);
    FloatVector p3 = FloatVector.broadcast(FLOATS, P3);
    FloatVector p2 = FloatVector.broadcast(FLOATS, P2);
    FloatVector one = FloatVector.broadcast(FLOATS, 1f);
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, x, xOff + i);
      FloatVector max = FloatVector.fromArray(FLOATS, m, i);
      FloatVector d = v.sub(max);
      VectorMask<Float> under = d.compare(VectorOperators.LT, EXP_MIN_ARG);
      FloatVector y = d.blend(EXP_MIN_ARG, under);
      FloatVector bb = d.sub(v); // TwoSum: lo = (v − max) − d exactly; non-finite only where under (x = −∞)
      FloatVector lo = v.sub(d.sub(bb)).sub(bb.add(max)).blend(0f, under);
      FloatVector t = y.fma(LOG2E, ROUND_MAGIC);
      FloatVector nf = t.sub(ROUND_MAGIC);
      FloatVector r = nf.fma(ln2Hi, y).add(nf.fma(ln2Lo, lo));
      FloatVector p = r.fma(P6, P5).fma(r, p4).fma(r, p3).fma(r, p2).fma(r, one).fma(r, one);
      IntVector ni = ((IntVector) t.reinterpretShape(INTS, 0)).sub(ROUND_MAGIC_BITS);
      // two normal factors, no branch on the data (see sigmoid)
      IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
      FloatVector e = p.mul((FloatVector) n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretShape(FLOATS, 0))
          .mul((FloatVector) ni.sub(n1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretShape(FLOATS, 0));
      e.blend(0f, under).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = (float) Math.exp((double) x[xOff + i] - m[i]);
    }
  }

  /**
   * For log-softmax, in place in {@code m}: {@code m[i] = e^(x[i] − m[i])·2^SUM_SCALE} (difference carried
   * exactly as in {@link #expOfDifference}; the scale keeps every term normal so that a sum of tiny
   * exponentials is not lost to subnormal rounding), except where {@code x[i] == m[i]}: there
   * {@code (x − m) − 1}, i.e. −1 marking a row maximum (or NaN for ∞ − ∞).
   */
  static void scaledExpOfDifferenceMarked(float[] x, int xOff, float[] m, int n) {
    FloatVector ln2Hi = FloatVector.broadcast(FLOATS, -LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(FLOATS, -LN2_LO);
    FloatVector p4 = FloatVector.broadcast(FLOATS, P4);
    FloatVector p3 = FloatVector.broadcast(FLOATS, P3);
    FloatVector p2 = FloatVector.broadcast(FLOATS, P2);
    FloatVector one = FloatVector.broadcast(FLOATS, 1f);
    int i = 0;
    for (int bound = FLOATS.loopBound(n); i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, x, xOff + i);
      FloatVector max = FloatVector.fromArray(FLOATS, m, i);
      FloatVector d = v.sub(max);
      VectorMask<Float> under = d.compare(VectorOperators.LT, EXP_MIN_ARG);
      FloatVector y = d.blend(EXP_MIN_ARG, under);
      FloatVector bb = d.sub(v);
      FloatVector lo = v.sub(d.sub(bb)).sub(bb.add(max)).blend(0f, under);
      FloatVector t = y.fma(LOG2E, ROUND_MAGIC);
      FloatVector nf = t.sub(ROUND_MAGIC);
      FloatVector r = nf.fma(ln2Hi, y).add(nf.fma(ln2Lo, lo));
      FloatVector p = r.fma(P6, P5).fma(r, p4).fma(r, p3).fma(r, p2).fma(r, one).fma(r, one);
      // n >= -152 and the scale 64 keep 2^n·2^64 normal: one factor
      IntVector biased = ((IntVector) t.reinterpretShape(INTS, 0)).sub(ROUND_MAGIC_BITS - 127 - SUM_SCALE);
      FloatVector e = p.mul((FloatVector) biased.lanewise(VectorOperators.LSHL, 23).reinterpretShape(FLOATS, 0))
          .blend(0f, under);
      e.blend(d.sub(1f), v.compare(VectorOperators.EQ, max)).intoArray(m, i);
    }
    for (; i < n; i++) {
      float v = x[xOff + i];
      float max = m[i];
      m[i] = v == max ? (v - max) - 1f : (float) Math.scalb(Math.exp((double) v - max), SUM_SCALE);
    }
  }
}
