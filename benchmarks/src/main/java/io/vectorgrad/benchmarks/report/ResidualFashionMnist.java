package io.vectorgrad.benchmarks.report;

import io.vectorgrad.checkpointing.CheckpointPolicies;
import io.vectorgrad.training.data.Dataset;
import io.vectorgrad.training.data.FashionMnist;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.Adam;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.trainer.EpochStats;
import io.vectorgrad.training.trainer.Evaluation;
import io.vectorgrad.training.trainer.Trainer;
import io.vectorgrad.training.trainer.TrainerConfig;
import io.vectorgrad.training.trainer.TrainingListener;
import io.vectorgrad.training.trainer.TrainingResult;
import java.util.Locale;

/**
 * The issue-8 target run until the CLI has {@code --residual/--norm}: Fashion-MNIST through
 * {@code 784 → dense(W, relu) → N pre-norm residual blocks (W, norm) → dense(10, softmax)}, Adam 1e-3 with a
 * cosine schedule, batch 128, a checkpointing policy, seed 42; prints each epoch, the gradient-norm summary
 * and the test accuracy. Arguments: {@code [blocks=32] [width=256] [epochs=10] [norm=layer] [policy=sqrt]}.
 * Equivalent to {@code ./vectorgrad train --dataset fashion-mnist --layers 784,W,10 --residual N --norm
 * layer --checkpoint sqrt --epochs 10 --batch 128 --lr 1e-3 --schedule cosine} once those flags exist.
 */
public final class ResidualFashionMnist {
  private ResidualFashionMnist() {}

  public static void main(String[] args) throws Exception {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int width = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    NormKind norm = NormKind.fromSpec(args.length > 3 ? args[3] : "layer");
    String policy = args.length > 4 ? args[4] : "sqrt";
    Dataset train = FashionMnist.train();
    Dataset test = FashionMnist.test();
    Model model = Model.builder(FashionMnist.FEATURES).dense(width, Activation.RELU).residual(blocks, norm)
        .dense(FashionMnist.CLASSES, Activation.SOFTMAX).build(42);
    int batch = 128;
    long steps = (long) epochs * ((train.size() + batch - 1) / batch);
    TrainerConfig config = TrainerConfig.builder().batchSize(batch).epochs(epochs).seed(42)
        .optimizer(new Adam(1e-3f)).learningRateSchedule(LearningRateSchedule.cosine(steps, 0.0))
        .schedule(CheckpointPolicies.parse(policy)).build();
    System.out.println(model + ", checkpoint " + policy + ", " + config.threads() + " thread(s)");
    Trainer trainer = new Trainer(model, SoftmaxCrossEntropy.INSTANCE, config);
    trainer.addListener(new TrainingListener() {
      @Override
      public void epochEnd(EpochStats stats) {
        System.out.println(stats);
      }
    });
    TrainingResult result = trainer.fit(train, null);
    System.out.print(result.gradientNorms());
    System.out.printf(Locale.ROOT, "test accuracy %.4f after %d epochs, %.1f s training%n",
        Evaluation.accuracy(model, test), result.epochs().size(), result.trainSeconds());
  }
}
