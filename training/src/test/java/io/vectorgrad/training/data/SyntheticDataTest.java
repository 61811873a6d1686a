package io.vectorgrad.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticDataTest {
  static float[] allFeatures(Dataset ds) {
    float[] x = new float[ds.size() * ds.featureCount()];
    for (int i = 0; i < ds.size(); i++) {
      ds.features(i, x, i * ds.featureCount());
    }
    return x;
  }

  @Test
  void xorIsTheTruthTable() {
    ArrayDataset xor = Xor.create();
    assertEquals(4, xor.size());
    assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, allFeatures(xor));
    assertArrayEquals(new int[] {0, 1, 1, 0},
        new int[] {xor.label(0), xor.label(1), xor.label(2), xor.label(3)});
    ArrayDataset single = Xor.create(3, 0.1, 7, false);
    assertEquals(12, single.size());
    assertEquals(1, single.targetWidth());
    float[] t = new float[1];
    single.target(5, t, 0);
    assertEquals(1f, t[0]);
  }

  @Test
  void spiralsAreSeededBoundedAndBalanced() {
    ArrayDataset a = Spirals.create(4, 50, 0.2, 11);
    ArrayDataset b = Spirals.create(4, 50, 0.2, 11);
    ArrayDataset c = Spirals.create(4, 50, 0.2, 12);
    assertArrayEquals(allFeatures(a), allFeatures(b));
    assertNotEquals(java.util.Arrays.toString(allFeatures(a)), java.util.Arrays.toString(allFeatures(c)));
    assertEquals(200, a.size());
    assertEquals(4, a.targetWidth());
    int[] per = new int[4];
    for (int i = 0; i < a.size(); i++) {
      per[a.label(i)]++;
    }
    assertArrayEquals(new int[] {50, 50, 50, 50}, per);
    for (float v : allFeatures(a)) {
      assertTrue(Math.abs(v) <= 1f);
    }
    // noiseless: the last point of arm 0 is at radius 1, angle TURNS·2π
    ArrayDataset exact = Spirals.create(2, 10, 0, 1);
    float[] p = new float[2];
    exact.features(9, p, 0);
    assertEquals(Math.cos(Spirals.TURNS * 2 * Math.PI), p[0], 1e-6);
    assertEquals(Math.sin(Spirals.TURNS * 2 * Math.PI), p[1], 1e-6);
  }

  @Test
  void splitIsSeededDisjointAndComplete() {
    ArrayDataset ds = Spirals.create(3, 20, 0.1, 3);
    Splits.Split s1 = Splits.split(ds, 0.25, 99);
    Splits.Split s2 = Splits.split(ds, 0.25, 99);
    assertEquals(15, s1.test().size());
    assertEquals(45, s1.train().size());
    assertArrayEquals(allFeatures(s1.test()), allFeatures(s2.test()));
    Set<String> seen = new HashSet<>();
    for (Dataset part : new Dataset[] {s1.train(), s1.test()}) {
      float[] row = new float[2];
      for (int i = 0; i < part.size(); i++) {
        part.features(i, row, 0);
        assertTrue(seen.add(row[0] + "," + row[1] + "," + part.label(i)));
      }
    }
    assertEquals(60, seen.size());
    assertThrows(IllegalArgumentException.class, () -> Splits.split(ds, 1.0, 1));
    // a binary single-output set keeps its single target
    Splits.Split b = Splits.split(Xor.create(5, 0.1, 1, false), 0.2, 1);
    assertEquals(1, b.train().targetWidth());
  }

  @Test
  void standardizerUsesTrainingStatistics() {
    float[] x = {1, 10, 3, 10, 5, 10};
    ArrayDataset ds = ArrayDataset.regression("r", x, 2, new float[] {0, 1, 2}, 1);
    Standardizer st = Standardizer.fit(ds);
    assertArrayEquals(new float[] {3, 10}, st.mean());
    ArrayDataset z = st.apply(ds);
    float[] row = new float[2];
    z.features(0, row, 0);
    assertEquals(-2 / Math.sqrt(8.0 / 3), row[0], 1e-6);
    assertEquals(0f, row[1]); // constant feature: only centred
    float[] t = new float[1];
    z.target(2, t, 0);
    assertEquals(2f, t[0]);
  }
}
