package io.vectorgrad.training.layers;

import java.util.Locale;

/** The normalisation of a residual branch (or a standalone norm block): none, LayerNorm or BatchNorm. */
public enum NormKind {
  NONE, LAYER, BATCH;

  /** The accepted names ({@link #spec()} of each kind), in declaration order. */
  public static final java.util.List<String> NAMES =
      java.util.Arrays.stream(values()).map(NormKind::spec).collect(java.util.stream.Collectors.toUnmodifiableList());

  /** {@code none}, {@code layer} or {@code batch}. */
  public String spec() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@link #spec()} (case-insensitive). */
  public static NormKind fromSpec(String spec) {
    if (spec != null) {
      for (NormKind k : values()) {
        if (k.spec().equalsIgnoreCase(spec.trim())) {
          return k;
        }
      }
    }
    throw new IllegalArgumentException("unknown norm '" + spec + "': expected one of " + String.join(", ", NAMES));
  }

  /** A norm block of this kind over {@code width} features named {@code prefix.…}; {@code null} for NONE. */
  public Normalization create(String prefix, int width) {
    switch (this) {
      case NONE: return null;
      case LAYER: return new LayerNorm(prefix, width);
      case BATCH: return new BatchNorm(prefix, width);
      default: throw new AssertionError(this);
    }
  }
}
