package io.vectorgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.checkpointing.CheckpointPolicies;
import io.vectorgrad.training.data.Dataset;
import io.vectorgrad.training.data.Spirals;
import io.vectorgrad.training.data.Splits;
import io.vectorgrad.training.io.ModelFiles;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.Adam;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.serve.Predictor;
import io.vectorgrad.training.trainer.Evaluation;
import io.vectorgrad.training.trainer.Trainer;
import io.vectorgrad.training.trainer.TrainerConfig;
import io.vectorgrad.training.trainer.TrainingResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library example, kept compiling and working (the README shows the body of this test). */
class ReadmeExampleTest {
  @Test
  void theReadmeExampleTrainsSavesLoadsAndServes(@TempDir Path dir) throws Exception {
    // --- README example starts ---
    Splits.Split data = Splits.split(Spirals.create(7), 0.2, 7);   // or FashionMnist.train()/test()
    Dataset train = data.train();
    Dataset test = data.test();

    Model model = Model.builder(2)
        .dense(64, Activation.RELU)
        .residual(4, NormKind.LAYER)                  // 4 pre-norm blocks x + fc2(relu(fc1(norm(x))))
        .dense(3, Activation.SOFTMAX)
        .build(42);                                   // He init for ReLU, Xavier otherwise; seeded

    TrainerConfig config = TrainerConfig.builder()
        .batchSize(32).epochs(30).seed(42)
        .optimizer(new Adam(0.01f))
        .learningRateSchedule(LearningRateSchedule.cosine(30 * 45, 0.0))
        .schedule(CheckpointPolicies.parse("sqrt"))  // optional: activation checkpointing
        .build();
    TrainingResult result = new Trainer(model, SoftmaxCrossEntropy.INSTANCE, config).fit(train, test);
    String norms = result.gradientNorms().toString(); // per-block gradient norms, vanishing/exploding warnings

    Path file = dir.resolve("spirals.safetensors");
    ModelFiles.save(model, file);                    // safetensors, readable from PyTorch

    Predictor predictor = new Predictor(ModelFiles.load(file));   // thread-safe, no garbage per call
    float[] probabilities = new float[3];
    predictor.predict(new float[] {0.5f, -0.25f}, probabilities);
    // --- README example ends ---

    assertEquals(30, result.epochs().size());
    assertEquals(6, result.gradientNorms().size());
    assertTrue(result.gradientNorms().warnings().isEmpty() && norms.contains("layers.5"), norms);
    assertTrue(Evaluation.accuracy(model, test) > 0.9, "the example should learn the spirals");
    float[] direct = new float[3];
    new Predictor(model).predict(new float[] {0.5f, -0.25f}, direct);
    assertArrayEquals(direct, probabilities, "a saved and loaded model must predict exactly the same");
    float sum = probabilities[0] + probabilities[1] + probabilities[2];
    assertEquals(1f, sum, 1e-5f);
  }
}
