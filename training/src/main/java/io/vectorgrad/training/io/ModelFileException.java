package io.vectorgrad.training.io;

import java.io.IOException;

/** A model or safetensors file that is truncated, corrupted or does not match what it must hold. */
public final class ModelFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public ModelFileException(String message) {
    super(message);
  }

  public ModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
