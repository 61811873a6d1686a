package io.vectorgrad.kernels;

/**
 * Argument validation shared by the facades. Every check runs before any output is written, so a bad call
 * never leaves a partially written result, and the message names the argument, its value and what was
 * expected.
 */
final class Checks {
  private Checks() {}

  static void size(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + "=" + value + " is negative: expected " + name + " >= 0");
    }
  }

  static float[] array(String name, float[] array) {
    // no capturing lambda: C2 does not always remove it, and hot paths must not allocate
    if (array == null) {
      throw new NullPointerException(name + " must not be null");
    }
    return array;
  }

  /** A contiguous range {@code [off, off + n)} of {@code array}. */
  static void range(String name, float[] array, String offName, int off, int n) {
    array(name, array);
    if (off < 0) {
      throw new IllegalArgumentException(offName + "=" + off + " is negative: expected " + offName + " >= 0");
    }
    if ((long) off + n > array.length) {
      throw new IllegalArgumentException(offName + "=" + off + " with length " + n + " does not fit "
          + name + ".length=" + array.length + ": expected " + offName + " + " + n + " <= " + array.length);
    }
  }

  /** A row-major {@code rows × cols} matrix at {@code off} with leading dimension {@code ld}. */
  static void matrix(String name, float[] array, String offName, int off, String ldName, int ld,
      int rows, int cols) {
    array(name, array);
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(ldName + "=" + ld + " is smaller than the row length of " + name
          + ": expected " + ldName + " >= " + Math.max(1, cols));
    }
    if (off < 0) {
      throw new IllegalArgumentException(offName + "=" + off + " is negative: expected " + offName + " >= 0");
    }
    long span = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    if (off + span > array.length) {
      throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix " + name + " at " + offName + "="
          + off + " with " + ldName + "=" + ld + " needs " + (off + span) + " elements but " + name
          + ".length=" + array.length);
    }
  }

  /** Element spans {@code [offA, offA+spanA)} and {@code [offB, offB+spanB)} of the same array intersect. */
  static boolean overlaps(float[] a, int offA, long spanA, float[] b, int offB, long spanB) {
    return a == b && spanA > 0 && spanB > 0 && offA < offB + spanB && offB < offA + spanA;
  }

  /** An output may be the input itself (same array and offset) but must not overlap it otherwise. */
  static void sameOrDisjoint(String outName, float[] out, int outOff, String inName, float[] in, int inOff, long n) {
    if (overlaps(out, outOff, n, in, inOff, n) && outOff != inOff) {
      throw new IllegalArgumentException(outName + " [" + outOff + ", " + (outOff + n) + ") partially overlaps "
          + inName + " [" + inOff + ", " + (inOff + n) + ") in the same array: expected the same offset "
          + "(in place) or disjoint ranges");
    }
  }

  static void disjoint(String outName, float[] out, int outOff, long outSpan, String inName, float[] in,
      int inOff, long inSpan) {
    if (overlaps(out, outOff, outSpan, in, inOff, inSpan)) {
      throw new IllegalArgumentException(outName + " [" + outOff + ", " + (outOff + outSpan) + ") overlaps "
          + inName + " [" + inOff + ", " + (inOff + inSpan) + ") in the same array: expected disjoint ranges");
    }
  }

  static long span(int rows, int cols, int ld) {
    return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
  }

  static void finite(String name, float value) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException(name + "=" + value + " is not finite: expected a finite number");
    }
  }

  static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + "=" + value + ": expected " + name + " >= 1");
    }
  }
}
