package io.vectorgrad.benchmarks.report;

import io.vectorgrad.training.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes report files atomically through the library's {@link AtomicFiles}, so no half-written file is left. */
public final class ReportFiles {
  private ReportFiles() {}

  public static void write(Path file, byte[] content) throws IOException {
    AtomicFiles.write(file, content);
  }

  public static void write(Path file, String content) throws IOException {
    write(file, content.getBytes(StandardCharsets.UTF_8));
  }
}
