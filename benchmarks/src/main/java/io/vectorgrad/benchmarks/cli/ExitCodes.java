package io.vectorgrad.benchmarks.cli;

/** The exit statuses of {@code vectorgrad}; every command's {@code --help} lists them. */
final class ExitCodes {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;
  static final int NON_FINITE = 3;

  static final String OK_TEXT = "0:success";
  static final String FAILURE_TEXT = "1:failure (a file cannot be read or written, a check such as gradcheck failed)";
  static final String USAGE_TEXT = "2:usage error (bad option or value, impossible size, an output path that would"
      + " destroy a file) — nothing was run";
  static final String NON_FINITE_TEXT = "3:non-finite numbers: training diverged (NaN/∞ loss or gradient), or the"
      + " model's outputs are NaN/∞ on evaluated samples";

  private ExitCodes() {}
}
