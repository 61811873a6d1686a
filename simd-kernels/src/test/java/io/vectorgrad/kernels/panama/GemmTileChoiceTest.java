package io.vectorgrad.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The register tile chosen by width and JDK, and its override (needs the Vector API module). */
class GemmTileChoiceTest {
  @Test
  void tileFollowsWidthAndJdkUnlessForced() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "needs jdk.incubator.vector");
    assertEquals(VectorConstants.TILE_6X2, VectorConstants.chooseTile(null, 16, 25));
    assertEquals(VectorConstants.TILE_6X2, VectorConstants.chooseTile(null, 8, 17));
    assertEquals(VectorConstants.TILE_3X3, VectorConstants.chooseTile(null, 8, 25));
    assertEquals(VectorConstants.TILE_3X3, VectorConstants.chooseTile(" 3X3 ", 16, 17));
    assertEquals(VectorConstants.TILE_6X2, VectorConstants.chooseTile("6x2", 8, 25));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> VectorConstants.chooseTile("4x4", 8, 25));
    assertTrue(e.getMessage().contains("-Dvectorgrad.gemm.tile=4x4") && e.getMessage().contains("6x2 or 3x3"),
        e.getMessage());
    assertEquals(VectorConstants.GEMM_MR * VectorConstants.GEMM_NR,
        VectorConstants.GEMM_BLOCKING.mr() * VectorConstants.GEMM_BLOCKING.nr());
  }
}
