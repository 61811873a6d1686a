package io.vectorgrad.training.loss;

import io.vectorgrad.training.model.Activation;

/**
 * A loss on a batch of model outputs, averaged over the rows. Stateless and thread-safe.
 *
 * <p>The gradient a loss writes is per sample (not divided by the batch size; {@code Dense.backward}
 * applies the 1/m). For the fused pairs (softmax + cross-entropy, sigmoid + binary cross-entropy) it is
 * {@code dL/dz = a − y} directly, which is stable and skips the activation's backward; otherwise it is
 * {@code dL/da}.
 */
public interface Loss {
  /** {@code mse}, {@code bce} or {@code softmax-ce}. */
  String spec();

  /** @throws IllegalArgumentException when this loss cannot follow {@code outputActivation} */
  void checkCompatible(Activation outputActivation);

  /** Whether {@link #gradient} yields {@code dL/dz} (fused) rather than {@code dL/da} after this activation. */
  boolean fusedWith(Activation outputActivation);

  /**
   * Mean loss over {@code rows} rows of width {@code cols}. {@code output} is the model output {@code a},
   * {@code logits} the output layer's pre-activation {@code z} (losses that are computed from logits for
   * stability use it). A plain loop accumulating in double: an accurate reported loss matters more than
   * speed here, no kernel offers this reduction, and it is O(rows·cols), negligible next to the GEMMs.
   */
  double value(float[] output, float[] logits, float[] target, int rows, int cols);

  /** Per-sample gradient into {@code grad} ({@code rows × cols}); see the class comment. */
  void gradient(float[] output, float[] target, float[] grad, int rows, int cols);
}
