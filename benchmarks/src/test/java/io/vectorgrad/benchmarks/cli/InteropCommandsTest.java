package io.vectorgrad.benchmarks.cli;

import static io.vectorgrad.benchmarks.cli.TrainingCommandsTest.assertOneLineError;
import static io.vectorgrad.benchmarks.cli.TrainingCommandsTest.json;
import static io.vectorgrad.benchmarks.cli.TrainingCommandsTest.number;
import static io.vectorgrad.benchmarks.cli.TrainingCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate and export on PyTorch state dicts and ONNX files: every route gives the same test accuracy. */
class InteropCommandsTest {
  @TempDir
  Path dir;

  private double[] evaluate(String... extra) throws IOException {
    Path json = dir.resolve("e" + System.nanoTime() + ".json");
    List<String> args = new ArrayList<>(List.of("evaluate", "--json", json.toString()));
    args.addAll(List.of(extra));
    TrainingCommandsTest.Run r = run(args.toArray(new String[0]));
    assertEquals(0, r.status, r.err);
    Map<?, ?> m = json(json);
    return new double[] {number(m, "test_accuracy"), number(m, "test_loss")};
  }

  @Test
  void stateDictsAndOnnxEvaluateLikeTheTrainedModel() throws IOException {
    Path model = dir.resolve("m.safetensors");
    TrainingCommandsTest.Run t = run("train", "--epochs", "3", "--layers", "2,16,3", "--activation", "relu", "--save",
        model.toString(), "--quiet");
    assertEquals(0, t.status, t.err);
    double[] base = evaluate("--model", model.toString());
    // the same weights as PyTorch names them (nn.Sequential(Linear, ReLU, Linear)), without metadata
    SafeTensors.Contents c = SafeTensors.read(model);
    List<SafeTensors.Tensor> renamed = new ArrayList<>();
    for (SafeTensors.Tensor x : c.tensors().values()) {
      String name = x.name().replace("layers.1.", "2.").replace("layers.0.", "0.");
      renamed.add(new SafeTensors.Tensor(name, x.shape(), x.data()));
    }
    Path stateDict = dir.resolve("sd.safetensors");
    SafeTensors.write(stateDict, renamed, Map.of());
    double[] sd = evaluate("--model", stateDict.toString(), "--layers", "2,16,3");
    assertEquals(base[0], sd[0]);
    assertEquals(base[1], sd[1], 1e-12);
    assertOneLineError(run("evaluate", "--model", stateDict.toString()), 1, "--layers");

    Path onnx = dir.resolve("m.onnx");
    TrainingCommandsTest.Run e = run("export", "--model", stateDict.toString(), "--layers", "2,16,3", "--out",
        onnx.toString());
    assertEquals(0, e.status, e.err);
    assertTrue(e.out.contains("written as onnx"), e.out);
    double[] viaOnnx = evaluate("--model", onnx.toString());
    assertEquals(base[0], viaOnnx[0]);
    assertEquals(base[1], viaOnnx[1], 1e-12);

    Path back = dir.resolve("back.safetensors");
    assertEquals(0, run("export", "--model", onnx.toString(), "--format", "safetensors", "--out", back.toString())
        .status);
    double[] roundTrip = evaluate("--model", back.toString());
    assertEquals(base[0], roundTrip[0]);
    assertEquals(base[1], roundTrip[1], 1e-12);
  }

  @Test
  void badInteropFlagsAreUsageErrors() throws IOException {
    Path model = dir.resolve("m.safetensors");
    assertEquals(0, run("train", "--epochs", "1", "--layers", "2,8,3", "--save", model.toString(), "--quiet").status);
    assertOneLineError(run("evaluate", "--model", model.toString(), "--activation", "tanh"), 2, "together with --layers");
    assertOneLineError(run("export", "--model", model.toString(), "--out", model.toString()), 2, "--out");
    assertOneLineError(run("export", "--model", model.toString(), "--format", "pt", "--out", "x.pt"), 2,
        "expected one of safetensors, onnx");
    assertOneLineError(run("evaluate", "--model", model.toString(), "--layers", "2,9,3"), 1,
        "but the architecture given is");
  }
}
