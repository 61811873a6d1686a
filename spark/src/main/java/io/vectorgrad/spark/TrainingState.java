package io.vectorgrad.spark;

import io.vectorgrad.training.io.AtomicFiles;
import io.vectorgrad.training.io.ModelFileException;
import io.vectorgrad.training.io.SafeTensors;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.AbstractOptimizer;
import io.vectorgrad.training.trainer.TrainingStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training state after a complete epoch, one safetensors file written atomically
 * ({@link AtomicFiles}: a reader sees the previous epoch's file or this one, never half): every model tensor
 * under its model-file name, the optimizer's state arrays as {@code optimizer.S.T}, and metadata with the
 * finished epoch, the step counts and the run's fingerprint ({@link TrainingSettings#fingerprint}), so a
 * rerun resumes only the same run.
 */
final class TrainingState {
  static final String FILE_NAME = "training-state.safetensors";
  private static final String EPOCH = "vectorgrad.spark.epoch";
  private static final String STEPS = "vectorgrad.spark.steps";
  private static final String OPTIMIZER_STEPS = "vectorgrad.spark.optimizer_steps";
  private static final String FINGERPRINT = "vectorgrad.spark.fingerprint";

  private TrainingState() {}

  static Path file(String dir) {
    return Paths.get(dir).resolve(FILE_NAME);
  }

  static void save(Path file, String fingerprint, int epoch, Model model, AbstractOptimizer optimizer,
      TrainingStep step) throws IOException {
    List<SafeTensors.Tensor> tensors = new ArrayList<>();
    for (Parameter p : model.tensors()) {
      tensors.add(new SafeTensors.Tensor(p.name(), p.shape(), p.values().clone()));
    }
    float[][][] state = optimizer.stateArrays();
    for (int s = 0; s < state.length; s++) {
      for (int t = 0; t < state[s].length; t++) {
        tensors.add(new SafeTensors.Tensor("optimizer." + s + "." + t, new int[] {state[s][t].length},
            state[s][t].clone()));
      }
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(EPOCH, Integer.toString(epoch));
    meta.put(STEPS, Long.toString(step.steps()));
    meta.put(OPTIMIZER_STEPS, Long.toString(optimizer.steps()));
    meta.put(FINGERPRINT, fingerprint);
    SafeTensors.write(file, tensors, meta);
  }

  /**
   * Loads the state in {@code file} into the model, optimizer and step when there is one.
   *
   * @return the epochs it completed, 0 when there is no file
   * @throws IllegalStateException when the file belongs to another run
   */
  static int restore(Path file, String fingerprint, Model model, AbstractOptimizer optimizer, TrainingStep step) {
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    try {
      SafeTensors.Contents c = SafeTensors.read(file);
      String saved = c.metadata().get(FINGERPRINT);
      if (!fingerprint.equals(saved)) {
        throw new IllegalStateException(file + " holds the state of another run (" + saved + "); this run is "
            + fingerprint + ": use another checkpoint directory or delete the file");
      }
      for (Parameter p : model.tensors()) {
        copy(c, file, p.name(), p.values());
      }
      float[][][] state = optimizer.stateArrays();
      for (int s = 0; s < state.length; s++) {
        for (int t = 0; t < state[s].length; t++) {
          copy(c, file, "optimizer." + s + "." + t, state[s][t]);
        }
      }
      optimizer.resumeAt(Long.parseLong(c.metadata().get(OPTIMIZER_STEPS)));
      step.resumeAt(Long.parseLong(c.metadata().get(STEPS)));
      return Integer.parseInt(c.metadata().get(EPOCH));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the training state " + file + ": " + e.getMessage(), e);
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalStateException(file + ": missing or bad step/epoch metadata: " + e, e);
    }
  }

  private static void copy(SafeTensors.Contents c, Path file, String name, float[] dst) throws ModelFileException {
    SafeTensors.Tensor t = c.get(name);
    if (t == null || t.data().length != dst.length) {
      throw new ModelFileException(file + ": tensor " + name + (t == null ? " is missing" : " has " + t.data().length
          + " values, expected " + dst.length));
    }
    System.arraycopy(t.data(), 0, dst, 0, dst.length);
  }
}
