package io.vectorgrad.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only io.vectorgrad.kernels.panama may touch jdk.incubator.vector, anywhere in the project; and it uses no
 * order-dependent lane reduction.
 */
class ArchitectureTest {
  private static final Path PROJECT_ROOT = Path.of("").toAbsolutePath().getParent();
  private static final String PANAMA_DIR = "simd-kernels/src/main/java/io/vectorgrad/kernels/panama/";

  @Test
  void onlyThePanamaPackageImportsTheIncubatorModule() throws IOException {
    List<Path> sources = javaSources();
    assertTrue(sources.size() > 10, "expected to find the project's sources under " + PROJECT_ROOT);
    List<String> offenders = sources.stream()
        .filter(ArchitectureTest::mentionsVectorApi)
        .map(p -> PROJECT_ROOT.relativize(p).toString().replace('\\', '/'))
        .filter(p -> !p.startsWith(PANAMA_DIR))
        .collect(Collectors.toList());
    assertEquals(List.of(), offenders, "jdk.incubator.vector may only be used in " + PANAMA_DIR);
  }

  @Test
  void thePanamaPackageReallyUsesTheVectorApi() throws IOException {
    // guards the test above against a path typo that would make it vacuous
    assertTrue(javaSources().stream()
        .filter(p -> p.toString().replace('\\', '/').contains(PANAMA_DIR))
        .anyMatch(ArchitectureTest::mentionsVectorApi));
  }

  @Test
  void theArchitectureTestWouldSeeAViolation() {
    assertTrue(mentionsVectorApiText("import " + VECTOR_PACKAGE + "FloatVector;"));
    assertTrue(mentionsVectorApiText("var s = " + VECTOR_PACKAGE + "FloatVector.SPECIES_256;"));
    assertFalse(mentionsVectorApiText("// the jdk.incubator vector module"));
  }

  @Test
  void noKernelUsesAnUnorderedFloatReduction() throws IOException {
    // reduceLanes(ADD/MUL) has no fixed order; C2 compiles it unordered from JDK 24 (see LaneSums)
    java.util.regex.Pattern unordered =
        java.util.regex.Pattern.compile("reduceLanes\\(\\s*(VectorOperators\\.)?(ADD|MUL)\\b");
    List<String> offenders = javaSources().stream()
        .filter(p -> p.toString().replace('\\', '/').contains(PANAMA_DIR))
        .filter(p -> {
          try {
            return unordered.matcher(Files.readString(p)).find();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        })
        .map(p -> p.getFileName().toString())
        .collect(Collectors.toList());
    assertEquals(List.of(), offenders, "float ADD/MUL reductions must use LaneSums' fixed order");
    assertTrue(unordered.matcher("s.reduceLanes(VectorOperators.ADD)").find(), "the pattern finds a violation");
    assertFalse(unordered.matcher("m.reduceLanes(VectorOperators.MAX)").find());
  }

  private static List<Path> javaSources() throws IOException {
    try (Stream<Path> s = Files.walk(PROJECT_ROOT)) {
      return s.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.toString().contains("/target/"))
          .collect(Collectors.toList());
    }
  }

  private static boolean mentionsVectorApi(Path p) {
    try {
      return mentionsVectorApiText(Files.readString(p));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // assembled so that this file does not match itself
  private static final String VECTOR_PACKAGE = "jdk.incubator" + ".vector.";

  private static boolean mentionsVectorApiText(String text) {
    return text.contains(VECTOR_PACKAGE);
  }
}
