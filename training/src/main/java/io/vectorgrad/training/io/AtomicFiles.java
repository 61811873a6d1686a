package io.vectorgrad.training.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces files so that readers see the old file or the complete new one, never half of either: the bytes
 * go to a temporary file next to the target (created with the process's umask, like any other file), are
 * forced to disk, and the temporary file is renamed over the target. A read-only target is never replaced.
 * Temporary files are named {@code .vectorgrad-PID-RANDOM-NAME.tmp}; one left behind by a killed writer (whose
 * process is gone, or older than {@link #STALE_AFTER}) is removed by the next write into that directory.
 */
public final class AtomicFiles {
  /** The prefix of our temporary files. */
  public static final String TEMP_PREFIX = ".vectorgrad-";
  /** The suffix of our temporary files. */
  public static final String TEMP_SUFFIX = ".tmp";
  /** A temporary file this old is stale even if its writer's process id is in use again. */
  public static final Duration STALE_AFTER = Duration.ofHours(1);

  private AtomicFiles() {}

  /** Writes {@code bytes} to {@code file}, creating missing parent directories. */
  public static void write(Path file, byte[] bytes) throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    if (abs.getFileName() == null || dir == null) {
      throw new IOException(file + ": not a file name");
    }
    if (Files.isDirectory(abs)) {
      throw new IOException(abs + " is a directory, not a file");
    }
    if (Files.exists(abs) && isReadOnly(abs)) {
      throw new AccessDeniedException(abs.toString(), null, "the file is read-only: refusing to replace it");
    }
    Files.createDirectories(dir);
    removeStaleTemporaries(dir);
    Path tmp = dir.resolve(TEMP_PREFIX + ProcessHandle.current().pid() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + "-" + abs.getFileName() + TEMP_SUFFIX);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(abs + ": this file system cannot rename atomically, refusing a non-atomic write", e);
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Whether {@code file} is read-only: not writable for this process, or (for root, who may write anything)
   * without any write permission bit.
   */
  public static boolean isReadOnly(Path file) {
    if (!Files.isWritable(file)) {
      return true;
    }
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (posix == null) {
      return false;
    }
    try {
      Set<PosixFilePermission> p = posix.readAttributes().permissions();
      return !p.contains(PosixFilePermission.OWNER_WRITE) && !p.contains(PosixFilePermission.GROUP_WRITE)
          && !p.contains(PosixFilePermission.OTHERS_WRITE);
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes our temporary files in {@code dir} whose writer is dead or that are older than {@link #STALE_AFTER}. */
  public static int removeStaleTemporaries(Path dir) {
    int removed = 0;
    Instant cutoff = Instant.now().minus(STALE_AFTER);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
      for (Path p : ds) {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        Optional<Long> pid = writerPid(p.getFileName().toString());
        if (pid.isEmpty()) {
          continue; // not one of ours
        }
        boolean alive = pid.get() != ProcessHandle.current().pid()
            && ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false);
        FileTime modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        boolean ours = pid.get() == ProcessHandle.current().pid();
        if ((!alive && !ours) || modified.toInstant().isBefore(cutoff)) {
          if (Files.deleteIfExists(p)) {
            removed++;
          }
        }
      }
    } catch (IOException e) {
      // cleaning up is best effort: it must never stop a save
    }
    return removed;
  }

  /** The process id in one of our temporary file names, if it is one. */
  static Optional<Long> writerPid(String name) {
    if (!name.startsWith(TEMP_PREFIX) || !name.endsWith(TEMP_SUFFIX)) {
      return Optional.empty();
    }
    String rest = name.substring(TEMP_PREFIX.length());
    int a = rest.indexOf('-');
    int b = a < 0 ? -1 : rest.indexOf('-', a + 1);
    if (a < 1 || b < a + 2) {
      return Optional.empty();
    }
    try {
      Long.parseUnsignedLong(rest.substring(a + 1, b), 16);
      return Optional.of(Long.parseLong(rest.substring(0, a)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Makes the rename durable; some platforms cannot open directories, which is harmless. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: the data itself is already on disk
    }
  }
}
