package io.vectorgrad.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (60 000 training and 10 000 test images of 28×28 pixels, 10 classes) from its IDX files, as
 * Debian's {@code dataset-fashion-mnist} package installs them in {@link #DEFAULT_DIR}. Each file may be
 * gzip-compressed ({@code .gz}) or plain.
 */
public final class FashionMnist {
  /** Where Debian's package puts the files. */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  public static final int CLASSES = 10;
  public static final int FEATURES = 28 * 28;
  /** The class names, by label. */
  public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
      "Shirt", "Sneaker", "Bag", "Ankle boot"};

  private FashionMnist() {}

  /**
   * The directory to use when none is given: the {@code vectorgrad.fashion-mnist} system property, else the
   * {@code VECTORGRAD_FASHION_MNIST} environment variable, else {@link #DEFAULT_DIR}.
   */
  public static Path defaultDir() {
    String p = System.getProperty("vectorgrad.fashion-mnist");
    if (p == null || p.isBlank()) {
      p = System.getenv("VECTORGRAD_FASHION_MNIST");
    }
    return p == null || p.isBlank() ? DEFAULT_DIR : Path.of(p);
  }

  /** True when all four files are present in {@code dir}. */
  public static boolean isAvailable(Path dir) {
    for (String base : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"}) {
      if (find(dir, base) == null) {
        return false;
      }
    }
    return true;
  }

  public static ArrayDataset train() throws IOException {
    return train(defaultDir());
  }

  public static ArrayDataset test() throws IOException {
    return test(defaultDir());
  }

  /** The 60 000 training images of {@code dir}. */
  public static ArrayDataset train(Path dir) throws IOException {
    return load(dir, "train", "fashion-mnist/train");
  }

  /** The 10 000 test images of {@code dir}. */
  public static ArrayDataset test(Path dir) throws IOException {
    return load(dir, "t10k", "fashion-mnist/test");
  }

  /** Loads {@code PREFIX-images-idx3-ubyte[.gz]} and {@code PREFIX-labels-idx1-ubyte[.gz]} from {@code dir}. */
  public static ArrayDataset load(Path dir, String prefix, String name) throws IOException {
    Path images = require(dir, prefix + "-images-idx3-ubyte");
    Path labels = require(dir, prefix + "-labels-idx1-ubyte");
    return IdxReader.load(images, labels, CLASSES, name);
  }

  private static Path require(Path dir, String base) throws IOException {
    Path p = find(dir, base);
    if (p == null) {
      throw new DataFileException("Fashion-MNIST not found: " + dir + " has no " + base + "[.gz]"
          + (dir.equals(DEFAULT_DIR) ? " (install it with 'apt-get install dataset-fashion-mnist'"
              : " (point to a directory with the four IDX files, or install Debian's dataset-fashion-mnist")
          + ")");
    }
    return p;
  }

  private static Path find(Path dir, String base) {
    for (String name : new String[] {base + ".gz", base}) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }
}
