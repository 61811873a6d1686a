package io.vectorgrad.training.io;

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
 * Saves and loads a {@link Model} as a safetensors file: for Dense layer {@code i} (counting Dense layers from
 * 0) the tensors {@code layers.{i}.weight} (shape {@code [out, in]}, row-major) and {@code layers.{i}.bias}
 * (shape {@code [out]}); the metadata entry {@value #ARCHITECTURE_KEY} holds the architecture JSON, e.g.
 * {@code {"layers":[784,256,128,10],"activations":["relu","relu","softmax"]}}. Any tool writing these names
 * and this metadata produces a file this class loads (tensor order, extra metadata and header whitespace do not
 * matter). In PyTorch terms {@code layers.{i}.weight} is {@code nn.Linear.weight} as is.
 */
public final class ModelFiles {
  /** The metadata key of the architecture JSON. */
  public static final String ARCHITECTURE_KEY = "vectorgrad.architecture";

  private ModelFiles() {}

  public static String weightName(int dense) {
    return "layers." + dense + ".weight";
  }

  public static String biasName(int dense) {
    return "layers." + dense + ".bias";
  }

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
    for (int i = 0; i < model.denseCount(); i++) {
      int in = model.dense(i).inputSize();
      int out = model.dense(i).outputSize();
      list.add(new SafeTensors.Tensor(weightName(i), new int[] {out, in}, model.dense(i).weights().clone()));
      list.add(new SafeTensors.Tensor(biasName(i), new int[] {out}, model.dense(i).bias().clone()));
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

  /** As {@link #load(Path)}, from a file's bytes; {@code source} names it in messages. */
  public static Model fromBytes(byte[] bytes, String source) throws ModelFileException {
    return fromContents(SafeTensors.parse(bytes, source), source);
  }

  private static Model fromContents(SafeTensors.Contents c, String source) throws ModelFileException {
    String json = c.metadata().get(ARCHITECTURE_KEY);
    if (json == null) {
      throw new ModelFileException(source + ": no \"" + ARCHITECTURE_KEY + "\" entry in __metadata__: not a "
          + "vectorgrad model file (tensors: " + abbreviate(c.tensors().keySet()) + ")");
    }
    Architecture arch;
    try {
      arch = Architecture.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(source + ": bad " + ARCHITECTURE_KEY + ": " + e.getMessage(), e);
    }
    int[] sizes = arch.layerSizes();
    int dense = sizes.length - 1;
    float[][] weights = new float[dense][];
    float[][] biases = new float[dense][];
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < dense; i++) {
      weights[i] = take(c, source, weightName(i), new int[] {sizes[i + 1], sizes[i]});
      biases[i] = take(c, source, biasName(i), new int[] {sizes[i + 1]});
      expected.add(weightName(i));
      expected.add(biasName(i));
    }
    Set<String> extra = new TreeSet<>(c.tensors().keySet());
    extra.removeAll(expected);
    if (!extra.isEmpty()) {
      throw new ModelFileException(source + ": tensor(s) " + abbreviate(extra) + " do not belong to architecture "
          + json + " (expected exactly " + abbreviate(expected) + ")");
    }
    for (int i = 0; i < dense; i++) {
      checkFinite(source, weightName(i), weights[i]);
      checkFinite(source, biasName(i), biases[i]);
    }
    Model model = arch.newModel(0);
    for (int i = 0; i < dense; i++) {
      System.arraycopy(weights[i], 0, model.dense(i).weights(), 0, weights[i].length);
      System.arraycopy(biases[i], 0, model.dense(i).bias(), 0, biases[i].length);
    }
    return model;
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
