package io.vectorgrad.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's command-line section shows what {@code vectorgrad --help} and {@code vectorgrad train --help}
 * print; when an option changes, regenerate those blocks from the commands' output.
 */
class ReadmeCliTest {
  private static String block(String readme, String marker) {
    String start = "<!-- " + marker + " -->\n```text\n";
    int a = readme.indexOf(start);
    assertTrue(a >= 0, "README has no block after <!-- " + marker + " -->");
    int b = readme.indexOf("\n```", a + start.length());
    return readme.substring(a + start.length(), b);
  }

  @Test
  void helpBlocksMatchTheCommands() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertEquals(TrainingCommandsTest.run("--help").out.stripTrailing(), block(readme, "vectorgrad --help"));
    assertEquals(TrainingCommandsTest.run("train", "--help").out.stripTrailing(),
        block(readme, "vectorgrad train --help"));
    for (String code : new String[] {"`0` success", "`1` failure", "`2` usage error", "`3` non-finite"}) {
      assertTrue(readme.contains(code), "README documents exit code " + code);
    }
  }
}
