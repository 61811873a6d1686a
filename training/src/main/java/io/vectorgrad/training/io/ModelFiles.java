package io.vectorgrad.training.io;

import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.model.Architecture;
import io.vectorgrad.training.model.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Saves and loads a {@link Model} as a safetensors file: every tensor of {@link Model#tensors()} under its
 * name, with the names a PyTorch user would recognise. Block {@code i}'s tensors are {@code layers.{i}.…}:
 * a Dense block has {@code layers.{i}.weight} (shape {@code [out, in]}, row-major, {@code nn.Linear.weight}
 * as is) and {@code layers.{i}.bias}; a norm block {@code weight} and {@code bias} (γ, β) and for BatchNorm
 * {@code running_mean} and {@code running_var}; a residual block {@code layers.{i}.norm.*},
 * {@code layers.{i}.fc1.*}, {@code layers.{i}.fc2.*} and, when widths differ, {@code layers.{i}.proj.*}.
 * The metadata entry {@value #ARCHITECTURE_KEY} holds the architecture JSON ({@link Architecture}: format 1,
 * e.g. {@code {"layers":[784,256,128,10],"activations":["relu","relu","softmax"]}}, for plain Dense chains,
 * whose files are unchanged from earlier versions; format 2 with {@code "version":2} otherwise). Any tool
 * writing these names and this metadata produces a file this class loads (tensor order, extra metadata and
 * header whitespace do not matter).
 */
public final class ModelFiles {
  /** The metadata key of the architecture JSON. */
  public static final String ARCHITECTURE_KEY = "vectorgrad.architecture";

  private ModelFiles() {}

  /** Writes {@code model} to {@code file} atomically (a reader sees the old file or the complete new one). */
  public static void save(Model model, Path file) throws IOException {
    SafeTensors.write(file, tensors(model), metadata(model));
  }

  /** The file's bytes, as {@link #save} writes them. */
  public static byte[] toBytes(Model model) {
    return SafeTensors.toBytes(tensors(model), metadata(model));
  }

  private static List<SafeTensors.Tensor> tensors(Model model) {
    List<SafeTensors.Tensor> list = new ArrayList<>();
    for (Parameter p : model.tensors()) {
      list.add(new SafeTensors.Tensor(p.name(), p.shape(), p.values().clone()));
    }
    return list;
  }

  private static Map<String, String> metadata(Model model) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(ARCHITECTURE_KEY, model.architecture().toJson());
    meta.put("format", "vectorgrad"); // a hint for tools listing metadata; not needed to load
    return meta;
  }

  /**
   * Reads, validates and builds a model: the architecture from the metadata, then every tensor checked
   * against it (present, right shape, nothing unexpected) before any model is created, so a bad file never
   * yields a half-loaded model.
   *
   * @throws ModelFileException for a corrupted, truncated or mismatched file
   */
  public static Model load(Path file) throws IOException {
    return fromContents(SafeTensors.read(file), file.toString());
  }

  /**
   * Loads a PyTorch state dict (safetensors, any module names, F32, F16, BF16 or F64) as a model of
   * {@code architecture}: modules matched in order, shapes checked, every mismatch named (see
   * {@code StateDicts}). A file with {@value #ARCHITECTURE_KEY} metadata must agree with {@code architecture}.
   *
   * @throws ModelFileException for a corrupted file or one that does not fit {@code architecture}
   */
  public static Model load(Path file, Architecture architecture) throws IOException {
    return fromContents(SafeTensors.read(file), file.toString(), architecture);
  }

  /** As {@link #load(Path, Architecture)}, from a file's bytes. */
  public static Model fromBytes(byte[] bytes, String source, Architecture architecture) throws ModelFileException {
    return fromContents(SafeTensors.parse(bytes, source), source, architecture);
  }

  private static Model fromContents(SafeTensors.Contents c, String source, Architecture architecture)
      throws ModelFileException {
    java.util.Objects.requireNonNull(architecture, "architecture");
    String json = c.metadata().get(ARCHITECTURE_KEY);
    if (json != null) {
      Architecture stored;
      try {
        stored = Architecture.fromJson(json);
      } catch (IllegalArgumentException e) {
        throw new ModelFileException(source + ": bad " + ARCHITECTURE_KEY + ": " + e.getMessage(), e);
      }
      if (!stored.toJson().equals(architecture.toJson())) {
        throw new ModelFileException(source + ": the file's " + ARCHITECTURE_KEY + " is " + stored.toJson()
            + ", but the architecture given is " + architecture.toJson());
      }
    }
    return StateDicts.load(c, architecture, source);
  }

  /** As {@link #load(Path)}, from a file's bytes; {@code source} names it in messages. */
  public static Model fromBytes(byte[] bytes, String source) throws ModelFileException {
    return fromContents(SafeTensors.parse(bytes, source), source);
  }

  private static Model fromContents(SafeTensors.Contents c, String source) throws ModelFileException {
    String json = c.metadata().get(ARCHITECTURE_KEY);
    if (json == null) {
      throw new ModelFileException(source + ": no \"" + ARCHITECTURE_KEY + "\" entry in __metadata__: not a "
          + "vectorgrad model file (tensors: " + abbreviate(c.tensors().keySet()) + "); a PyTorch state dict "
          + "loads with its architecture given (ModelFiles.load(file, architecture); CLI: --layers, --activation, "
          + "--residual, --norm)");
    }
    Architecture arch;
    try {
      arch = Architecture.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(source + ": bad " + ARCHITECTURE_KEY + ": " + e.getMessage(), e);
    }
    // the file's tensors are already read (bounded by its size); an architecture that needs more floats than
    // they hold cannot match, and is refused before the model's arrays are allocated from its sizes
    long held = 0;
    for (SafeTensors.Tensor t : c.tensors().values()) {
      held += t.data().length;
    }
    if (arch.minimumTensorFloats() > held) {
      throw new ModelFileException(source + ": architecture " + json + " needs at least "
          + arch.minimumTensorFloats() + " floats of weights but the file's tensors hold " + held);
    }
    Model model = arch.newModel(0);
    List<Parameter> tensors = model.tensors();
    float[][] data = new float[tensors.size()][];
    Set<String> expected = new TreeSet<>();
    for (int t = 0; t < tensors.size(); t++) {
      Parameter p = tensors.get(t);
      data[t] = take(c, source, p.name(), p.shape());
      expected.add(p.name());
    }
    Set<String> extra = new TreeSet<>(c.tensors().keySet());
    extra.removeAll(expected);
    if (!extra.isEmpty()) {
      throw new ModelFileException(source + ": tensor(s) " + abbreviate(extra) + " do not belong to architecture "
          + json + " (expected exactly " + abbreviate(expected) + ")");
    }
    checkValues(source, tensors, data);
    for (int t = 0; t < tensors.size(); t++) {
      System.arraycopy(data[t], 0, tensors.get(t).values(), 0, data[t].length);
    }
    return model;
  }

  /** Refuses non-finite parameters and negative running variances ({@code data[t]} is for {@code tensors[t]}). */
  static void checkValues(String source, List<Parameter> tensors, float[][] data) throws ModelFileException {
    for (int t = 0; t < tensors.size(); t++) {
      checkFinite(source, tensors.get(t).name(), data[t]);
      if (tensors.get(t).name().endsWith(".running_var")) {
        for (int j = 0; j < data[t].length; j++) {
          if (data[t][j] < 0f) {
            throw new ModelFileException(source + ": tensor " + tensors.get(t).name() + " holds the negative variance "
                + data[t][j] + " at element " + j);
          }
        }
      }
    }
  }

  private static float[] take(SafeTensors.Contents c, String source, String name, int[] shape)
      throws ModelFileException {
    SafeTensors.Tensor t = c.get(name);
    if (t == null) {
      throw new ModelFileException(source + ": tensor " + name + " is missing (the architecture needs shape "
          + Arrays.toString(shape) + ")");
    }
    if (!Arrays.equals(t.shape(), shape)) {
      throw new ModelFileException(source + ": tensor " + name + " has shape " + Arrays.toString(t.shape())
          + ", the architecture needs " + Arrays.toString(shape) + " ([out, in] for weights)");
    }
    return t.data();
  }

  /** A model with NaN or infinite parameters would predict garbage silently: refuse it. */
  private static void checkFinite(String source, String name, float[] a) throws ModelFileException {
    for (int j = 0; j < a.length; j++) {
      if (!Float.isFinite(a[j])) {
        throw new ModelFileException(source + ": tensor " + name + " holds " + a[j] + " at element " + j);
      }
    }
  }

  private static String abbreviate(Set<String> names) {
    String s = String.join(", ", names);
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }
}
