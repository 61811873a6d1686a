package io.vectorgrad.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The register tile and its override (needs the Vector API module). */
class GemmTileChoiceTest {
  @Test
  void tileIsSixByTwoVectorsUnlessForced() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "needs jdk.incubator.vector");
    assertEquals(VectorConstants.TILE_6X2, VectorConstants.chooseTile(null));
    assertEquals(VectorConstants.TILE_3X3, VectorConstants.chooseTile(" 3X3 "));
    assertEquals(VectorConstants.TILE_6X2, VectorConstants.chooseTile("6x2"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> VectorConstants.chooseTile("4x4"));
    assertTrue(e.getMessage().contains("-Dvectorgrad.gemm.tile=4x4") && e.getMessage().contains("6x2 or 3x3"),
        e.getMessage());
    assertEquals(VectorConstants.GEMM_MR * VectorConstants.GEMM_NR,
        VectorConstants.GEMM_BLOCKING.mr() * VectorConstants.GEMM_BLOCKING.nr());
  }

  @Test
  void fewRowsAgainstAWideTransposedBAreComputedAsCTransposed() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "needs jdk.incubator.vector");
    assertTrue(PanamaGemm.cheaperAsTranspose(false, 5, 200, 300, true, false));
    assertTrue(PanamaGemm.cheaperAsTranspose(false, 32, 256, 784, true, true));
    assertTrue(PanamaGemm.cheaperAsTranspose(true, 16, 16, 4096, true, false)); // TT long k: no transposing pack
    assertTrue(!PanamaGemm.cheaperAsTranspose(false, 256, 256, 256, true, false));
    assertTrue(!PanamaGemm.cheaperAsTranspose(false, 1024, 256, 784, false, false));
  }
}
