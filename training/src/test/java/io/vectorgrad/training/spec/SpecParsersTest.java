package io.vectorgrad.training.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.AdamW;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.optim.Momentum;
import io.vectorgrad.training.trainer.NonFiniteException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every spec parser: valid forms, and each invalid form with its message. */
class SpecParsersTest {
  private static void fails(String fragment, Executable e) {
    SpecException x = assertThrows(SpecException.class, e);
    assertTrue(x.getMessage().contains(fragment), () -> "'" + x.getMessage() + "' should contain '" + fragment + "'");
  }

  @Test
  void dataSets() {
    assertEquals("spirals", DatasetSpec.parse("spirals").spec());
    assertEquals(List.of(), DatasetSpec.parse("xor").inputs());
    assertEquals(List.of(Path.of("d.csv")), DatasetSpec.parse("csv:d.csv").inputs());
    assertTrue(DatasetSpec.parse("idx:/x").inputs().contains(Path.of("/x/train-images-idx3-ubyte.gz")));
    assertEquals(DatasetSpec.parse("fashion-mnist:/x").inputs(), DatasetSpec.parse("idx:/x").inputs());
    assertArrayEquals(new int[] {2, 64, 64, 3}, DatasetSpec.parse("spirals").defaults().layers());
    assertEquals(null, DatasetSpec.parse("csv:a").defaults().layers());
    fails("data set 'mnist' is not one of: spirals, xor, fashion-mnist[:DIR], idx:DIR, csv:FILE",
        () -> DatasetSpec.parse("mnist"));
    fails("csv: needs a file after the colon", () -> DatasetSpec.parse("csv:"));
    fails("idx: needs a directory", () -> DatasetSpec.parse("idx:"));
    fails("not one of", () -> DatasetSpec.parse(null));
  }

  @Test
  void dataSetLoadingChecksItsArguments() throws Exception {
    DatasetSpec xor = DatasetSpec.parse("xor");
    fails("validation fraction 0.95 is not between 0 and 0.9", () -> xor.load(0.95, LossPairing.SOFTMAX_CE, 0));
    fails("a class count can be given for csv:FILE data sets only", () -> xor.load(0, LossPairing.SOFTMAX_CE, 3));
    fails("is not a directory", () -> DatasetSpec.parse("idx:/nonexistent/dir").load(0, LossPairing.SOFTMAX_CE, 0));
    fails("no such file", () -> DatasetSpec.parse("csv:/nonexistent.csv").load(0, LossPairing.SOFTMAX_CE, 0));
    DatasetSpec.Parts p = xor.load(0.1, LossPairing.BCE, 0);
    assertEquals(1, p.train().targetWidth(), "bce: a single 0/1 target");
    assertEquals(p.train().size() + p.validationSize() + p.test().size(), 400);
    assertEquals(2, xor.load(0, LossPairing.SOFTMAX_CE, 0).test().targetWidth());
    assertEquals(0, xor.load(0, LossPairing.SOFTMAX_CE, 0).validationSize());
  }

  @Test
  void schedules() {
    assertEquals(LearningRateSchedule.constant().spec(), ScheduleSpec.parse("constant").build(10, 5).spec());
    LearningRateSchedule step = ScheduleSpec.parse("step:2:0.5").build(10, 5);
    assertEquals(1f, step.rate(1f, 19));
    assertEquals(0.5f, step.rate(1f, 20));
    assertEquals(0.5f, ScheduleSpec.parse("exp:0.5").build(4, 3).rate(1f, 4), 1e-6f);
    LearningRateSchedule cos = ScheduleSpec.parse("cosine:1").build(10, 5);
    assertTrue(cos.rate(1f, 0) < cos.rate(1f, 9), "warm-up rises");
    assertEquals(0f, ScheduleSpec.parse("COSINE").build(10, 5).rate(1f, 50), 1e-6f);
    fails("schedule 'linear' is not one of: constant, step:EVERY:GAMMA, exp:GAMMA, cosine[:WARMUP]",
        () -> ScheduleSpec.parse("linear"));
    fails("is not one of", () -> ScheduleSpec.parse("step:2"));
    fails("is not one of", () -> ScheduleSpec.parse("constant:1"));
    fails("EVERY 'x' is not a whole number of epochs", () -> ScheduleSpec.parse("step:x:0.5"));
    fails("EVERY must be at least 1 epoch", () -> ScheduleSpec.parse("step:0:0.5"));
    fails("GAMMA 'y' is not a number", () -> ScheduleSpec.parse("exp:y"));
    fails("GAMMA 2 must be in (0, 1]", () -> ScheduleSpec.parse("exp:2"));
    fails("WARMUP 'x' is not a whole number", () -> ScheduleSpec.parse("cosine:x"));
    fails("WARMUP must be 0 or more", () -> ScheduleSpec.parse("cosine:-1"));
    fails("warm-up of 5 epoch(s) leaves nothing of 5 epoch(s) to anneal",
        () -> ScheduleSpec.parse("cosine:5").build(10, 5));
  }

  @Test
  void optimizers() {
    assertEquals(List.of("sgd", "momentum", "nesterov", "adam", "adamw"), OptimizerSpec.NAMES);
    assertTrue(OptimizerSpec.parse("Nesterov").create(0.1, Double.NaN) instanceof Momentum);
    AdamW w = (AdamW) OptimizerSpec.parse("adamw").create(1e-3, 0.2);
    assertEquals(0.2f, w.weightDecay());
    assertEquals(0.01f, ((AdamW) OptimizerSpec.ADAMW.create(1e-3, Double.NaN)).weightDecay());
    fails("optimizer 'rmsprop' is not one of: sgd, momentum, nesterov, adam, adamw",
        () -> OptimizerSpec.parse("rmsprop"));
    fails("adam has no weight decay", () -> OptimizerSpec.ADAM.create(1e-3, 0.1));
    assertEquals(0.1f, ((Momentum) OptimizerSpec.MOMENTUM.create(1e-3, 0.1)).weightDecay(), "L2 decay");
    fails("weight decay 2.0 is not between 0 and 1", () -> OptimizerSpec.ADAMW.create(1e-3, 2));
    fails("learning rate -1.0 must be a positive finite number", () -> OptimizerSpec.SGD.create(-1, Double.NaN));
    fails("learning rate NaN", () -> OptimizerSpec.SGD.create(Double.NaN, Double.NaN));
  }

  @Test
  void lossesChooseTheOutputLayer() {
    assertEquals(List.of("softmax-ce", "bce", "mse"), LossPairing.NAMES);
    assertEquals(Activation.SOFTMAX, LossPairing.parse("softmax-ce").outputActivation());
    assertEquals(Activation.SIGMOID, LossPairing.parse("BCE").outputActivation());
    assertEquals(Activation.LINEAR, LossPairing.parse("mse").outputActivation());
    assertEquals(LossPairing.BCE, LossPairing.forOutput(Activation.SIGMOID));
    assertEquals(LossPairing.MSE, LossPairing.forOutput(Activation.TANH));
    for (LossPairing p : LossPairing.values()) {
      p.checkFits(p.outputActivation());
      assertEquals(p.spec(), p.loss().spec());
    }
    fails("loss 'hinge' is not one of: softmax-ce, bce, mse", () -> LossPairing.parse("hinge"));
    fails("loss softmax-ce does not fit a sigmoid output layer (expected softmax)",
        () -> LossPairing.SOFTMAX_CE.checkFits(Activation.SIGMOID));
  }

  @Test
  void hiddenActivationsAreEveryActivationButSoftmax() {
    assertEquals(List.of("sigmoid", "tanh", "relu", "leaky_relu", "linear"), HiddenActivations.NAMES);
    for (String n : HiddenActivations.NAMES) {
      assertEquals(n, HiddenActivations.parse(n.toUpperCase()).spec());
    }
    fails("activation 'softmax' is not one of: sigmoid, tanh, relu, leaky_relu, linear",
        () -> HiddenActivations.parse("softmax"));
    fails("activation 'gelu' is not one of", () -> HiddenActivations.parse("gelu"));
  }

  @Test
  void modelShapes() {
    assertArrayEquals(new int[] {784, 256, 10}, ModelSpec.parseLayers("784, 256,10"));
    fails("layers 3,x: 'x' is not a whole number (expected a list such as 784,256,10)",
        () -> ModelSpec.parseLayers("3,x"));
    fails("layers 2,0,3: sizes must be >= 1", () -> ModelSpec.parseLayers("2,0,3"));
    fails("is not a whole number", () -> ModelSpec.parseLayers(""));
    fails("need at least an input and an output size", () -> ModelSpec.of(new int[] {3}, Activation.RELU,
        Activation.LINEAR));
    fails("has 4611686014132420609 weights, more than one Java array holds",
        () -> ModelSpec.chain(1, Integer.MAX_VALUE, Activation.RELU));
    ModelSpec s = ModelSpec.forLoss(new int[] {2, 5, 3}, Activation.TANH, LossPairing.SOFTMAX_CE);
    assertEquals(2 * 5 + 5 + 5 * 3 + 3, s.parameterCount());
    assertEquals("2-5-3 tanh/softmax (33 parameters)", s.describe());
    Model m = s.build(7);
    assertEquals(s.parameterCount(), m.parameterCount());
    assertEquals(Activation.SOFTMAX, m.activation(1));
    fails("the first size must be 4, the number of features of d", () -> s.checkFits(4, 3, "d", "mse"));
    fails("the last size must be 2, the target width of d with loss bce", () -> s.checkFits(2, 2, "d", "bce"));
    assertTrue(s.trainingBytes(8, 2) >= 4 * (33 * 4 + 8 * 10L), "at least parameters, state and activations");
    long big = ModelSpec.chain(100_000, 1 << 14, Activation.RELU).trainingBytes(1 << 20, 2);
    assertTrue(big > 100_000L * (1 << 28) * 4 * 4, "parameters, gradients and two state copies: " + big);
  }

  @Test
  void heapBudgetNamesTheBytesAndAFittingXmx() {
    HeapBudget.require("nothing", 0);
    HeapBudget.TooLargeException e = assertThrows(HeapBudget.TooLargeException.class,
        () -> HeapBudget.require("a test allocation", 1L << 50));
    assertTrue(e.getMessage().startsWith("a test allocation needs 1.0 PiB (1125899906842624 bytes) but the Java heap"
        + " has only "), e.getMessage());
    assertTrue(e.getMessage().contains("e.g. VECTORGRAD_JAVA_OPTS=-Xmx"), e.getMessage());
    assertEquals(1L << 50, e.bytes());
    assertTrue(assertThrows(HeapBudget.TooLargeException.class, () -> HeapBudget.require("x", Long.MAX_VALUE))
        .getMessage().contains("no heap size can hold this"));
    assertEquals(Long.MAX_VALUE, HeapBudget.product(1L << 40, 1L << 40));
    assertEquals(Long.MAX_VALUE, HeapBudget.sum(Long.MAX_VALUE, 1));
    assertEquals("1.5 KiB", HeapBudget.human(1536));
  }

  @Test
  void trainingSpecChecksUpFront() {
    ModelSpec s = ModelSpec.forLoss(new int[] {2, 4, 3}, Activation.RELU, LossPairing.SOFTMAX_CE);
    ScheduleSpec c = ScheduleSpec.parse("constant");
    fails("batch 0, epochs 1", () -> new TrainingSpec(s, LossPairing.SOFTMAX_CE, OptimizerSpec.ADAM, 1e-3,
        Double.NaN, c, 0, 1, 1, 0, null));
    fails("adam has no weight decay", () -> new TrainingSpec(s, LossPairing.SOFTMAX_CE, OptimizerSpec.ADAM, 1e-3,
        0.1, c, 8, 1, 1, 0, null));
    TrainingSpec t = new TrainingSpec(s, LossPairing.SOFTMAX_CE, OptimizerSpec.ADAM, 1e-3, Double.NaN, c, 8, 3, 1, 1,
        null);
    assertEquals(13, t.stepsPerEpoch(100));
    assertEquals(1, t.stepsPerEpoch(5), "the batch is clamped to the data set");
    fails("the training set is empty", () -> t.stepsPerEpoch(0));
    assertEquals(3, t.config(100).epochs());
    t.checkHeap(100);
    TrainingSpec huge = new TrainingSpec(s, LossPairing.SOFTMAX_CE, OptimizerSpec.ADAM, 1e-3, Double.NaN, c, 1,
        100_000, 1, 1, null);
    // the gradient-norm summary is bounded: 10^11 steps need no more heap than one
    assertEquals(t.bytesNeeded(1_000_000), huge.bytesNeeded(1_000_000)
        - (ModelSpec.forLoss(new int[] {2, 4, 3}, Activation.RELU, LossPairing.SOFTMAX_CE).trainingBytes(1, 2)
        - s.trainingBytes(8, 2)));
    huge.checkHeap(1_000_000);
    TrainingSpec wide = new TrainingSpec(ModelSpec.chain(2, 40_000, Activation.RELU), LossPairing.MSE,
        OptimizerSpec.ADAM, 1e-3, Double.NaN, c, 8, 1, 1, 1, null);
    if (Runtime.getRuntime().maxMemory() < 50L << 30) {
      assertThrows(HeapBudget.TooLargeException.class, () -> wide.checkHeap(100));
    }
  }

  @Test
  void divergenceIsNotAnArithmeticError() {
    assertFalse(ArithmeticException.class.isAssignableFrom(NonFiniteException.class));
  }
}
