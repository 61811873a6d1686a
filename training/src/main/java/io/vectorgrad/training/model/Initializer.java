package io.vectorgrad.training.model;

import java.util.random.RandomGenerator;

/**
 * Fills a weight matrix {@code [fanOut, fanIn]} from a seeded random generator. Biases start at zero.
 * The defaults ({@link #defaultFor}) are He for the ReLU family and Xavier/Glorot otherwise.
 */
@FunctionalInterface
public interface Initializer {
  void initialize(float[] weights, int fanIn, int fanOut, RandomGenerator random);

  /** He/Kaiming normal: N(0, 2/fanIn). */
  Initializer HE_NORMAL = (w, fanIn, fanOut, r) -> {
    double std = Math.sqrt(2.0 / fanIn);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * std);
    }
  };

  /** He/Kaiming uniform: U(±√(6/fanIn)). */
  Initializer HE_UNIFORM = (w, fanIn, fanOut, r) -> {
    double limit = Math.sqrt(6.0 / fanIn);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((2 * r.nextDouble() - 1) * limit);
    }
  };

  /** Xavier/Glorot normal: N(0, 2/(fanIn + fanOut)). */
  Initializer XAVIER_NORMAL = (w, fanIn, fanOut, r) -> {
    double std = Math.sqrt(2.0 / (fanIn + fanOut));
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * std);
    }
  };

  /** Xavier/Glorot uniform: U(±√(6/(fanIn + fanOut))). */
  Initializer XAVIER_UNIFORM = (w, fanIn, fanOut, r) -> {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((2 * r.nextDouble() - 1) * limit);
    }
  };

  /** He normal for ReLU and leaky ReLU, Xavier uniform for everything else. */
  static Initializer defaultFor(Activation activation) {
    return activation == Activation.RELU || activation == Activation.LEAKY_RELU ? HE_NORMAL : XAVIER_UNIFORM;
  }
}
