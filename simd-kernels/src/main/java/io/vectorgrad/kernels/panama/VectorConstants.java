package io.vectorgrad.kernels.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The one place that picks vector shapes; every Panama kernel reads its species from here. */
final class VectorConstants {
  private VectorConstants() {}

  /** The widest float species the CPU runs natively (8 lanes on AVX2, 16 on AVX-512). */
  static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  /** Lanes in {@link #FLOATS}. */
  static final int LANES = FLOATS.length();

  // element-wise and activations

  /** Floats per block of whole rows that softmax keeps in L1 across its passes (16 KiB). */
  static final int SOFTMAX_BLOCK_FLOATS = 4096;

  /** Softmax rows at least this long run row by row; shorter ones run flat over blocks of rows. */
  static final int SOFTMAX_MIN_ROW_VECTOR_COLS = 2 * LANES;
}
