package io.vectorgrad.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.checkpointing.CheckpointPolicies;
import io.vectorgrad.checkpointing.Plan;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.trainer.TrainingStep;
import org.junit.jupiter.api.Test;

/** What tradeoff with residual blocks will measure: the plan of a residual chain equals JOL, bits equal store-all. */
class CheckpointingSetupTest {
  @Test
  void residualChainPlansAreExactAndBitIdentical() {
    int batch = 4;
    Model model = CheckpointingSetup.residualModel(6, 16, "relu", NormKind.LAYER, 1);
    float[] x = CheckpointingSetup.gaussian(batch * 16, 2);
    float[] y = CheckpointingSetup.uniform(batch * 16, 3);
    TrainingStep ref = CheckpointingSetup.step(model, StoreAll.INSTANCE, batch);
    ref.computeGradients(x, y, batch);
    float[][] g = CheckpointingSetup.copyGradients(model);
    JolPeakProbe probe = new JolPeakProbe();
    for (String spec : new String[] {"none", "sqrt", "every:3", "revolve:2", "split:5", "budget:8KiB"}) {
      ActivationSchedule s = CheckpointPolicies.parse(spec);
      Plan plan = CheckpointingSetup.plan(s, model, batch);
      TrainingStep step = CheckpointingSetup.step(model, s, batch);
      ActivationSchedule.Execution e = step.execution(batch);
      probe.reset();
      e.setProbe(probe);
      step.computeGradients(x, y, batch);
      e.setProbe(null);
      assertEquals(plan.peakKeptBytes(), probe.peakBytes(), spec + ": JOL peak vs plan");
      assertTrue(CheckpointingSetup.gradientsBitIdentical(model, g), spec + ": gradients");
      for (int i = 0; i < plan.blocks(); i++) {
        assertEquals(plan.forwardCalls(i), e.forwardCalls(i), spec + " block " + i);
      }
    }
  }
}
