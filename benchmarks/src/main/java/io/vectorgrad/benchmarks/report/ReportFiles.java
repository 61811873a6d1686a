package io.vectorgrad.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes report files through a temporary file and an atomic rename, so no half-written file is left. */
public final class ReportFiles {
  private ReportFiles() {}

  public static void write(Path file, byte[] content) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    // createFile, not createTempFile: temp files are owner-only (0600) and the rename would keep that mode
    Path tmp = Files.createFile(abs.resolveSibling(abs.getFileName() + "." + ProcessHandle.current().pid() + "."
        + System.nanoTime() + ".tmp"));
    try {
      Files.write(tmp, content);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static void write(Path file, String content) throws IOException {
    write(file, content.getBytes(StandardCharsets.UTF_8));
  }
}
