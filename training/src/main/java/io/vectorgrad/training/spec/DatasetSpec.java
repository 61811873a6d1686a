package io.vectorgrad.training.spec;

import io.vectorgrad.training.data.ArrayDataset;
import io.vectorgrad.training.data.CsvReader;
import io.vectorgrad.training.data.DataFileException;
import io.vectorgrad.training.data.Dataset;
import io.vectorgrad.training.data.FashionMnist;
import io.vectorgrad.training.data.Spirals;
import io.vectorgrad.training.data.Splits;
import io.vectorgrad.training.data.Standardizer;
import io.vectorgrad.training.data.Xor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A data set named the way users name it ({@link #FORMS}): {@code spirals} and {@code xor} (generated),
 * {@code fashion-mnist[:DIR]} or {@code idx:DIR} (MNIST-format IDX files, 10 classes, their own train/test
 * files), {@code csv:FILE} (numeric CSV, target in the last column). Generated and CSV sets are split 80/20
 * into train/test with {@link #DATA_SEED}, so every command that names the same set sees the same test part;
 * CSV features are standardised with the training part's statistics.
 */
public final class DatasetSpec {
  /** The accepted forms, for messages and help. */
  public static final List<String> FORMS = List.of("spirals", "xor", "fashion-mnist[:DIR]", "idx:DIR", "csv:FILE");
  /** What a user starts typing, for shell completion. */
  public static final List<String> NAMES = List.of("spirals", "xor", "fashion-mnist", "fashion-mnist:", "idx:",
      "csv:");
  /** Seed of generation and splitting, independent of any training seed. */
  public static final long DATA_SEED = 20_251_123L;
  /** Fraction of generated and CSV sets held out as the test part. */
  public static final double TEST_FRACTION = 0.2;
  private static final String[] IDX_FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

  private enum Kind { SPIRALS, XOR, IDX, CSV }

  private final String spec;
  private final Kind kind;
  private final Path path;

  private DatasetSpec(String spec, Kind kind, Path path) {
    this.spec = spec;
    this.kind = kind;
    this.path = path;
  }

  public static DatasetSpec parse(String text) {
    String s = text == null ? "" : text.trim();
    if (s.equals("spirals")) {
      return new DatasetSpec(s, Kind.SPIRALS, null);
    }
    if (s.equals("xor")) {
      return new DatasetSpec(s, Kind.XOR, null);
    }
    if (s.equals("fashion-mnist")) {
      return new DatasetSpec(s, Kind.IDX, FashionMnist.defaultDir());
    }
    for (String prefix : new String[] {"fashion-mnist:", "idx:", "csv:"}) {
      if (s.startsWith(prefix)) {
        String rest = s.substring(prefix.length());
        if (rest.isEmpty()) {
          throw new SpecException("data set '" + text + "': " + prefix + " needs a " + (prefix.equals("csv:")
              ? "file" : "directory") + " after the colon");
        }
        return new DatasetSpec(s, prefix.equals("csv:") ? Kind.CSV : Kind.IDX, Path.of(rest));
      }
    }
    throw new SpecException("data set '" + text + "' is not one of: " + String.join(", ", FORMS));
  }

  public String spec() {
    return spec;
  }

  /** The files this data set reads (to keep outputs from overwriting them); empty for generated sets. */
  public List<Path> inputs() {
    List<Path> l = new ArrayList<>();
    if (kind == Kind.CSV) {
      l.add(path);
    } else if (kind == Kind.IDX) {
      for (String base : IDX_FILES) {
        l.add(path.resolve(base));
        l.add(path.resolve(base + ".gz"));
      }
    }
    return l;
  }

  /** Defaults that make a plain run on this set quick and convincing; {@code layers} null means derived. */
  public record Defaults(int[] layers, double lr, int batch, int epochs, String schedule) {}

  public Defaults defaults() {
    switch (kind) {
      case SPIRALS: return new Defaults(new int[] {2, 64, 64, 3}, 0.01, 32, 40, "cosine");
      case XOR: return new Defaults(new int[] {2, 16, 2}, 0.02, 8, 60, "constant");
      case IDX: return new Defaults(new int[] {784, 256, 128, 10}, 1e-3, 128, 30, "cosine"); // ~0.90 accuracy
      default: return new Defaults(null, 3e-3, 32, 50, "constant");
    }
  }

  /** The default layer sizes: the set's own, or features-64-targets. */
  public int[] defaultLayers(Dataset train) {
    int[] l = defaults().layers();
    return l != null ? l : new int[] {train.featureCount(), 64, train.targetWidth()};
  }

  /** A data set split into training, validation (may be null) and test parts. */
  public record Parts(String name, Dataset train, Dataset validation, Dataset test) {
    public int validationSize() {
      return validation == null ? 0 : validation.size();
    }
  }

  /**
   * Loads and splits the set. {@code validation} of the training part (0 to 0.9) is held out for
   * validation. With {@code loss} {@link LossPairing#BCE} a two-class set gets a single 0/1 target; with
   * {@link LossPairing#MSE} a CSV target is read as a real value. {@code classes} fixes the class count of a
   * CSV set (0: the labels must be 0..K-1, each present).
   *
   * @throws DataFileException when a part is empty or the parts do not have the same shapes
   */
  public Parts load(double validation, LossPairing loss, int classes) throws IOException {
    if (!(validation >= 0 && validation <= 0.9)) {
      throw new SpecException("validation fraction " + validation + " is not between 0 and 0.9");
    }
    if (classes != 0 && kind != Kind.CSV) {
      throw new SpecException("a class count can be given for csv:FILE data sets only (" + spec + " has its own)");
    }
    Dataset train;
    Dataset test;
    switch (kind) {
      case SPIRALS:
      case XOR: {
        Dataset all = kind == Kind.SPIRALS ? Spirals.create(DATA_SEED)
            : Xor.create(100, 0.15, DATA_SEED, loss != LossPairing.BCE);
        Splits.Split s = Splits.split(all, TEST_FRACTION, DATA_SEED);
        train = s.train();
        test = s.test();
        break;
      }
      case IDX:
        if (!Files.isDirectory(path) && !spec.equals("fashion-mnist")) { // the default says how to install it
          throw new SpecException("data set " + spec + ": " + path + " is not a directory");
        }
        train = FashionMnist.load(path, "train", spec + "/train");
        test = FashionMnist.load(path, "t10k", spec + "/test");
        break;
      default: {
        if (!Files.isRegularFile(path)) {
          throw new SpecException("data set " + spec + ": " + path + ": no such file");
        }
        CsvReader reader = CsvReader.of(path);
        if (classes != 0) {
          reader.classCount(classes);
        }
        Dataset all = loss == LossPairing.MSE ? reader.regression() : reader.classification();
        if (all.size() < 2) {
          throw new DataFileException(path + ": " + all.size() + " data row(s): a train/test split needs at least 2");
        }
        Splits.Split s = Splits.split(all, TEST_FRACTION, DATA_SEED);
        Standardizer st = Standardizer.fit(s.train()); // statistics of the training part only
        train = st.apply(s.train());
        test = st.apply(s.test());
        break;
      }
    }
    if (loss == LossPairing.BCE) {
      train = singleTarget(train);
      test = singleTarget(test);
    }
    checkParts(train, test);
    Dataset val = null;
    if (validation > 0 && train.size() >= 10) {
      Splits.Split s = Splits.split(train, validation, DATA_SEED + 1);
      train = s.train();
      val = s.test();
    }
    return new Parts(spec, train, val, test);
  }

  private void checkParts(Dataset train, Dataset test) throws DataFileException {
    if (train.size() == 0) {
      throw new DataFileException(spec + ": the training part " + train.name() + " holds 0 samples: nothing to train"
          + " on");
    }
    if (test.size() == 0) {
      throw new DataFileException(spec + ": the test part " + test.name() + " holds 0 samples: nothing to evaluate"
          + " on");
    }
    if (train.featureCount() != test.featureCount()) {
      throw new DataFileException(spec + ": the training part has " + train.featureCount() + " features per sample,"
          + " the test part " + test.featureCount() + ": the files do not belong together");
    }
    if (train.targetWidth() != test.targetWidth() || train.classCount() != test.classCount()) {
      throw new DataFileException(spec + ": the training part has " + train.classCount() + " classes (targets of "
          + "width " + train.targetWidth() + "), the test part " + test.classCount() + " (width " + test.targetWidth()
          + ")");
    }
  }

  /** Two-class one-hot targets become a single 0/1 target for one sigmoid output; others stay. */
  private static Dataset singleTarget(Dataset ds) {
    if (ds.classCount() != 2 || ds.targetWidth() == 1) {
      return ds;
    }
    float[] x = new float[Math.multiplyExact(ds.size(), ds.featureCount())];
    int[] y = new int[ds.size()];
    for (int i = 0; i < ds.size(); i++) {
      ds.features(i, x, i * ds.featureCount());
      y[i] = ds.label(i);
    }
    return ArrayDataset.classification(ds.name(), x, ds.featureCount(), y, 2, false);
  }
}
