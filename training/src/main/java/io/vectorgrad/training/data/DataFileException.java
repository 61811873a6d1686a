package io.vectorgrad.training.data;

import java.io.IOException;

/** A data file that cannot be read as what it claims to be: the message names the file and the problem. */
public final class DataFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public DataFileException(String message) {
    super(message);
  }

  public DataFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
