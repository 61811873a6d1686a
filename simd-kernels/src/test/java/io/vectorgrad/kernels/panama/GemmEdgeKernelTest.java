package io.vectorgrad.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The edge kernels compute the valid part of a 6×2 tile with the products of the full tile in the same
 * order, so an element's bits do not depend on whether it sits in an edge panel.
 */
class GemmEdgeKernelTest {
  @Test
  void edgeKernelsGiveTheFullTilesBits() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "needs jdk.incubator.vector");
    assumeTrue(VectorConstants.GEMM_TILE == VectorConstants.TILE_6X2, "the edge kernels belong to the 6x2 tile");
    // read after the assumptions: the scalar run has no jdk.incubator.vector to initialise them with
    int mr = VectorConstants.GEMM_MR;
    int nr = VectorConstants.GEMM_NR;
    int lanes = VectorConstants.LANES;
    SplittableRandom rng = new SplittableRandom(7);
    for (int kc : new int[] {0, 1, 2, 7, 31, 32, 33, 127, 256}) {
      for (int aStride : new int[] {kc, kc + 5}) {
        float[] ap = new float[mr * Math.max(aStride, 1) + 3];
        float[] bp = new float[kc * nr + 2];
        for (int i = 0; i < ap.length; i++) {
          ap[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < bp.length; i++) {
          bp[i] = (float) rng.nextGaussian();
        }
        int ai = 3;
        int bi = 2;
        float[] full = new float[mr * nr];
        PanamaGemmKernel.tileRowsIntoC(kc, pad(ap, ai), ai, aStride, bp, bi, full, 0, nr, PanamaGemmKernel.STORE, 0f);
        float[] two = new float[mr * nr];
        float[] four = new float[mr * nr];
        float[] half = new float[mr * nr];
        PanamaGemmKernel.tileRows2(kc, pad(ap, ai), ai, aStride, bp, bi, two);
        PanamaGemmKernel.tileRows4(kc, pad(ap, ai), ai, aStride, bp, bi, four);
        PanamaGemmKernel.tileRowsHalf(kc, pad(ap, ai), ai, aStride, bp, bi, half);
        for (int r = 0; r < mr; r++) {
          for (int j = 0; j < nr; j++) {
            int bits = Float.floatToRawIntBits(full[r * nr + j]);
            String at = "kc " + kc + ", stride " + aStride + ", row " + r + ", column " + j;
            if (r < 2) {
              assertEquals(bits, Float.floatToRawIntBits(two[r * nr + j]), "two rows: " + at);
            }
            if (r < 4) {
              assertEquals(bits, Float.floatToRawIntBits(four[r * nr + j]), "four rows: " + at);
            }
            if (j < lanes) {
              assertEquals(bits, Float.floatToRawIntBits(half[r * nr + j]), "one vector: " + at);
            }
          }
        }
      }
    }
  }

  /** {@code ap} long enough for six rows of {@code aStride} from {@code ai}. */
  private static float[] pad(float[] ap, int ai) {
    return java.util.Arrays.copyOf(ap, ap.length + ai + 6 * 300);
  }
}
