/**
 * vectorgrad's training library: blocks and models, losses, optimizers, the trainer, data sets, spec
 * parsers, safetensors model files and a zero-garbage predictor. Every package is API except
 * {@code io.vectorgrad.training.json}, the small JSON codec behind the file formats, which only vectorgrad's
 * command line shares.
 */
@SuppressWarnings("module") // the qualified exports name io.vectorgrad.benchmarks, built later
module io.vectorgrad.training {
  requires transitive io.vectorgrad.kernels;
  requires java.management; // Predictor.warmUp watches the JIT's compilation time

  exports io.vectorgrad.training.backprop;
  exports io.vectorgrad.training.data;
  exports io.vectorgrad.training.gradcheck;
  exports io.vectorgrad.training.io;
  exports io.vectorgrad.training.layers;
  exports io.vectorgrad.training.loss;
  exports io.vectorgrad.training.model;
  exports io.vectorgrad.training.optim;
  exports io.vectorgrad.training.serve;
  exports io.vectorgrad.training.spec;
  exports io.vectorgrad.training.trainer;
  exports io.vectorgrad.training.json to io.vectorgrad.benchmarks;
}
