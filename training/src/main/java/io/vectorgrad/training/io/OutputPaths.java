package io.vectorgrad.training.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks, before any work starts, that a command's output files can be written without destroying anything:
 * each is a file name (not empty, not a directory), its directory exists or can be created and is writable,
 * an existing file there is a regular, writable file, and no output is the same file as an input or as
 * another output. Paths are compared by their real paths (symbolic links and {@code ..} resolved; a file that
 * does not exist yet by the real path of its nearest existing directory), and existing files also by
 * identity, so hard links are caught too.
 *
 * <pre>{@code
 * new OutputPaths().input("--dataset", csv).output("--save", model).output("--json", json).check();
 * }</pre>
 */
public final class OutputPaths {
  /** A problem with an output path: the message names the flag (or role) and the path. */
  public static final class Conflict extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Conflict(String message) {
      super(message);
    }
  }

  private record Named(String role, Path path) {}

  private final List<Named> inputs = new ArrayList<>();
  private final List<Named> outputs = new ArrayList<>();

  /** A file the command reads; {@code role} names it in messages (e.g. a flag). Null paths are ignored. */
  public OutputPaths input(String role, Path path) {
    if (path != null) {
      inputs.add(new Named(Objects.requireNonNull(role, "role"), path));
    }
    return this;
  }

  /** A file the command writes. Null paths are ignored. */
  public OutputPaths output(String role, Path path) {
    if (path != null) {
      outputs.add(new Named(Objects.requireNonNull(role, "role"), path));
    }
    return this;
  }

  /** Runs every check; throws {@link Conflict} on the first problem. */
  public void check() {
    List<Path> real = new ArrayList<>();
    for (Named o : outputs) {
      real.add(checkWritable(o));
    }
    for (int i = 0; i < outputs.size(); i++) {
      Named o = outputs.get(i);
      for (Named in : inputs) {
        if (same(real.get(i), o.path, in.path)) {
          throw new Conflict(o.role + " " + o.path + " is the same file as the input " + in.role + " " + in.path
              + ": writing it would destroy the input");
        }
      }
      for (int j = 0; j < i; j++) {
        if (real.get(i).equals(real.get(j)) || same(real.get(i), o.path, outputs.get(j).path)) {
          throw new Conflict(o.role + " " + o.path + " is the same file as " + outputs.get(j).role + " "
              + outputs.get(j).path + ": one output would overwrite the other");
        }
      }
    }
  }

  private static boolean same(Path realOut, Path out, Path in) {
    Path realIn;
    try {
      realIn = realPath(in);
    } catch (IOException | InvalidPathException e) {
      return false;
    }
    if (realOut.equals(realIn)) {
      return true;
    }
    try {
      return Files.exists(out) && Files.exists(in) && Files.isSameFile(out, in);
    } catch (IOException e) {
      return false;
    }
  }

  private static Path checkWritable(Named o) {
    Path p = o.path;
    if (p.toString().isEmpty() || p.getFileName() == null) {
      throw new Conflict(o.role + " is empty: expected a file name");
    }
    if (Files.isDirectory(p)) {
      throw new Conflict(o.role + " " + p + " is a directory: expected a file name");
    }
    if (Files.exists(p)) {
      if (!Files.isRegularFile(p)) {
        throw new Conflict(o.role + " " + p + " exists and is not a regular file");
      }
      if (AtomicFiles.isReadOnly(p)) {
        throw new Conflict(o.role + " " + p + " is read-only: refusing to replace it");
      }
    }
    Path dir = p.toAbsolutePath().normalize().getParent();
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing)) {
      throw new Conflict(o.role + " " + p + ": " + existing + " is not a directory");
    }
    if (!Files.isWritable(existing)) {
      throw new Conflict(o.role + " " + p + ": directory " + existing + " is not writable");
    }
    try {
      return realPath(p);
    } catch (IOException e) {
      throw new Conflict(o.role + " " + p + ": " + e.getMessage());
    }
  }

  /** The real path of {@code p}, or of its nearest existing ancestor with the remaining names appended. */
  static Path realPath(Path p) throws IOException {
    Path abs = p.toAbsolutePath().normalize();
    if (Files.exists(abs)) {
      return abs.toRealPath();
    }
    Path existing = abs.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
  }
}
