package io.vectorgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vectorgrad.spark.cli.CompareMllib;
import io.vectorgrad.training.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spark-compare-mllib on a small data set: both libraries fit, alternate, and land in the JSON. */
class CompareMllibTest {
  @Test
  void fitsBothLibrariesInAlternatingOrderAndWritesTheJson(@TempDir Path dir) throws Exception {
    assumeTrue(Runtime.version().feature() <= LocalSpark.NEWEST_SUPPORTED_JDK,
        "skipped: Spark 4.0 runs on JDK 17 and 21, this is JDK " + Runtime.version().feature());
    LocalSpark.stop(); // the command starts and stops its own session
    Path json = dir.resolve("compare.json");
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      code = CompareMllib.run(new String[] {"--dataset", "spirals", "--layers", "2,16,3", "--epochs", "3",
          "--mllib-max-iter", "5", "--rounds", "2", "--json", json.toString()}, new java.io.PrintWriter(System.err, true));
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, out);
    @SuppressWarnings("unchecked")
    Map<String, Object> j = (Map<String, Object>) Json.parse(Files.readString(json));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> fits = (List<Map<String, Object>>) j.get("fits");
    assertEquals(4, fits.size(), out);
    assertEquals(List.of("vectorgrad", "mllib", "mllib", "vectorgrad"),
        fits.stream().map(f -> f.get("library")).collect(java.util.stream.Collectors.toList()));
    for (Map<String, Object> f : fits) {
      double acc = ((Number) f.get("test_accuracy")).doubleValue();
      assertTrue(acc > 0 && acc <= 1 && ((Number) f.get("fit_seconds")).doubleValue() > 0, f.toString());
    }
  }

  @Test
  void badLayersAreRejectedBeforeSparkStarts() {
    java.io.StringWriter err = new java.io.StringWriter();
    int code = CompareMllib.run(new String[] {"--layers", "2,x,3"}, new java.io.PrintWriter(err, true));
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("--layers 2,x,3: expected positive sizes"), err.toString());
  }
}
