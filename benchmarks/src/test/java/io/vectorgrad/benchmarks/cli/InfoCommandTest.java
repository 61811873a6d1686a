package io.vectorgrad.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.kernels.Kernels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
  @Test
  void printsProviderCachesBlockingAndJdk(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("info.json");
    TrainingCommandsTest.Run r = TrainingCommandsTest.run("info", "--json", json.toString());
    assertEquals(0, r.status, r.err);
    for (String part : new String[] {"kernels: " + Kernels.providerName(), "cpu: ", "caches (", "gemm: ", "java: "}) {
      assertTrue(r.out.contains(part), "info prints " + part + ":\n" + r.out);
    }
    String text = Files.readString(json);
    for (String key : new String[] {"\"provider\"", "\"lanes\"", "\"l2_bytes\"", "\"cache_source\"", "\"gemm\"",
        "\"java\""}) {
      assertTrue(text.contains(key), "info JSON has " + key + ":\n" + text);
    }
  }

  @Test
  void benchAndTrainJsonRecordTheMachine(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("train.json");
    TrainingCommandsTest.Run r = TrainingCommandsTest.run("train", "--dataset", "xor", "--epochs", "1", "--quiet",
        "--json", json.toString());
    assertEquals(0, r.status, r.err);
    String text = Files.readString(json);
    assertTrue(text.contains("\"machine\"") && text.contains("\"l2_bytes\""), text);
  }
}
