package io.vectorgrad.training.spec;

/** A spec string that does not parse or does not fit: the message quotes it and says what was expected. */
public class SpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SpecException(String message) {
    super(message);
  }

  public SpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
