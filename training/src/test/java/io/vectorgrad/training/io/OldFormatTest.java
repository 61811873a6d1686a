package io.vectorgrad.training.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vectorgrad.training.model.Model;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * A model file written by the version before the block model (format 1: {@code layers.{i}.weight/bias} and
 * {@code {"layers":[...],"activations":[...]}}), kept as a test resource: it must still load, predict what
 * it predicted then, and survive a save/load round trip in the current format.
 */
class OldFormatTest {
  /** Model.builder(5).dense(4, TANH).dense(3, SOFTMAX).build(7), saved by commit 8e34ef5. */
  static final String RESOURCE = "format-v1-5-4-3.safetensors";
  /** Its output for {@link #INPUT}, as printed by that version (scalar kernels). */
  static final float[] EXPECTED = {0.40370014f, 0.31089112f, 0.28540874f};
  static final float[] INPUT = {0.5f, -1f, 0.25f, 2f, -0.75f};

  static byte[] oldBytes() throws IOException {
    try (InputStream in = OldFormatTest.class.getResourceAsStream(RESOURCE)) {
      assertNotNull(in, RESOURCE);
      return in.readAllBytes();
    }
  }

  @Test
  void formatOneFileStillLoadsAndPredictsAsBefore() throws IOException {
    Model m = ModelFiles.fromBytes(oldBytes(), RESOURCE);
    assertEquals(5, m.inputSize());
    assertEquals(3, m.outputSize());
    float[] y = new float[3];
    m.forward(INPUT, 1, y);
    for (int j = 0; j < 3; j++) {
      assertEquals(EXPECTED[j], y[j], 1e-6f, "output " + j);
    }
    Model again = ModelFiles.fromBytes(ModelFiles.toBytes(m), "round trip");
    float[] y2 = new float[3];
    again.forward(INPUT, 1, y2);
    assertArrayEquals(y, y2);
  }
}
