package io.vectorgrad.training.io;

import io.vectorgrad.training.model.Architecture;
import io.vectorgrad.training.model.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The model file formats: the one list the library, the CLI ({@code export --format}) and the docs use. */
public enum ModelFormat {
  /** safetensors with vectorgrad's names and architecture metadata ({@link ModelFiles}); reads state dicts too. */
  SAFETENSORS,
  /** ONNX, opset {@value OnnxFiles#OPSET} ({@link OnnxFiles}). */
  ONNX;

  /** The accepted names, in declaration order. */
  public static final List<String> NAMES =
      Arrays.stream(values()).map(ModelFormat::spec).collect(Collectors.toUnmodifiableList());

  public String spec() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@link #spec()} (case-insensitive). */
  public static ModelFormat fromSpec(String spec) {
    for (ModelFormat f : values()) {
      if (f.spec().equalsIgnoreCase(spec == null ? "" : spec.trim())) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown model format '" + spec + "': expected one of " + String.join(", ", NAMES));
  }

  /** The format of {@code file} by its name: {@code .onnx} is ONNX, anything else safetensors. */
  public static ModelFormat of(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".onnx") ? ONNX : SAFETENSORS;
  }

  /** Writes {@code model} to {@code file} in this format, atomically. */
  public void save(Model model, Path file) throws IOException {
    if (this == ONNX) {
      OnnxFiles.save(model, file);
    } else {
      ModelFiles.save(model, file);
    }
  }

  /**
   * Loads any model file: ONNX (by its {@code .onnx} name; it carries its architecture, and
   * {@code architecture}, when given, must agree), a vectorgrad safetensors file, or a PyTorch state dict
   * when {@code architecture} is given ({@link ModelFiles#load(Path, Architecture)}).
   *
   * @param architecture {@code null} when the file must describe itself
   */
  public static Model load(Path file, Architecture architecture) throws IOException {
    if (of(file) == ONNX) {
      Model m = OnnxFiles.load(file);
      if (architecture != null && !architecture.toJson().equals(m.architecture().toJson())) {
        throw new ModelFileException(file + ": the ONNX graph is " + m.architecture().toJson() + ", but the "
            + "architecture given is " + architecture.toJson() + " (an ONNX file needs no architecture)");
      }
      return m;
    }
    return architecture == null ? ModelFiles.load(file) : ModelFiles.load(file, architecture);
  }
}
