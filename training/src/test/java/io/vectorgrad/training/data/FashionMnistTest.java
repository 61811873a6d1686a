package io.vectorgrad.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  @Test
  void missingDirectorySaysHowToGetIt(@TempDir Path dir) {
    DataFileException e = assertThrows(DataFileException.class, () -> FashionMnist.train(dir));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    assertTrue(!FashionMnist.isAvailable(dir));
  }

  @Test
  void loadsFromAnyDirectory(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxReaderTest.gzip(IdxReaderTest.images()));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxReaderTest.labels((byte) 9, (byte) 0, (byte) 3));
    ArrayDataset test = FashionMnist.test(dir);
    assertEquals(3, test.size());
    assertEquals(9, test.label(0));
    assertEquals(10, test.targetWidth());
  }

  @Test
  void realFashionMnistWhenInstalled() throws IOException {
    Path dir = FashionMnist.defaultDir();
    assumeTrue(FashionMnist.isAvailable(dir),
        "Fashion-MNIST not installed in " + dir + " (apt-get install dataset-fashion-mnist): skipped");
    ArrayDataset test = FashionMnist.test(dir);
    assertEquals(10_000, test.size());
    assertEquals(784, test.featureCount());
    int[] perClass = new int[10];
    for (int i = 0; i < test.size(); i++) {
      perClass[test.label(i)]++;
    }
    for (int c : perClass) {
      assertEquals(1000, c); // the test set is balanced
    }
  }
}
