package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.checkpointing.CheckpointPolicies;
import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import io.vectorgrad.training.data.ArrayDataset;
import io.vectorgrad.training.data.CsvReader;
import io.vectorgrad.training.data.Dataset;
import io.vectorgrad.training.data.FashionMnist;
import io.vectorgrad.training.data.Spirals;
import io.vectorgrad.training.data.Splits;
import io.vectorgrad.training.data.Standardizer;
import io.vectorgrad.training.data.Xor;
import io.vectorgrad.training.io.ModelFiles;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.loss.Losses;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.AdamW;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.optim.Optimizer;
import io.vectorgrad.training.optim.Optimizers;
import io.vectorgrad.training.trainer.EpochStats;
import io.vectorgrad.training.trainer.Evaluation;
import io.vectorgrad.training.trainer.Trainer;
import io.vectorgrad.training.trainer.TrainerConfig;
import io.vectorgrad.training.trainer.TrainingListener;
import io.vectorgrad.training.trainer.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code vectorgrad train}: loads or generates a data set, builds an MLP, trains it with a progress bar per
 * epoch, reports test accuracy, and optionally saves the model (safetensors) and a JSON summary. Without
 * arguments it trains on the embedded spirals set in a few seconds.
 */
final class TrainCommand implements Command {
  /** Data sets are generated and split with this seed, independent of {@code --seed}, so that
   * {@code evaluate} sees the same test part as {@code train}. */
  static final long DATA_SEED = 20_251_123L;

  private static final Set<String> VALUE_FLAGS = Set.of("dataset", "layers", "activation", "loss", "optimizer", "lr",
      "schedule", "batch", "epochs", "seed", "threads", "save", "json", "checkpoint", "validation", "weight-decay");
  private static final Set<String> BOOLEAN_FLAGS = Set.of("quiet");

  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "Trains an MLP (default: spirals, embedded) and reports accuracy.";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: vectorgrad train [flags]        (no flags: 3-class spirals, 2-64-64-3 ReLU, a few seconds)",
        "  --dataset D      spirals (default) | xor | fashion-mnist | idx:DIR | csv:FILE",
        "                   idx:DIR reads DIR/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz] (10 classes);",
        "                   csv:FILE: numeric CSV, label in the last column, optional header",
        "  --layers L       sizes such as 784,256,128,10 (first = features, last = outputs; default per data set)",
        "  --activation A   hidden activation: relu (default), leaky_relu, tanh, sigmoid",
        "  --loss L         softmax-ce (default) | bce (sigmoid outputs) | mse (linear outputs)",
        "  --optimizer O    adam (default) | adamw | sgd | momentum | nesterov",
        "  --lr X           base learning rate (default per data set)",
        "  --weight-decay X decoupled weight decay of adamw (default 0.01), L2 decay of sgd/momentum/nesterov (default 0)",
        "  --schedule S     constant | step:EVERY:GAMMA | exp:GAMMA | cosine[:WARMUP]   (EVERY, WARMUP in epochs;",
        "                   exp multiplies the rate by GAMMA per epoch; cosine anneals to 0 over the run)",
        "  --batch N        mini-batch size (default per data set)",
        "  --epochs N       epochs (default per data set)",
        "  --seed N         weight initialisation and shuffling seed (default 42)",
        "  --threads N      GEMM threads (default: -Dvectorgrad.threads or all processors)",
        "  --validation F   fraction of the training data held out for validation (default 0.1; 0 = none)",
        "  --checkpoint C   activation checkpointing: none (default) | every:K | sqrt | revolve:S | budget:SIZE | manual:i,j | split:B",
        "  --save FILE      write the trained model (safetensors) to FILE",
        "  --json FILE      write a JSON summary (test_accuracy, epochs, train_seconds, train_samples_per_second, ...)",
        "  --quiet          no per-epoch lines");
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    Args a = Args.parse(name(), argv, VALUE_FLAGS, BOOLEAN_FLAGS);
    if (!a.positional().isEmpty()) {
      throw new UsageException(name() + ": unexpected argument '" + a.positional().get(0) + "' (flags start with --)");
    }
    String datasetSpec = a.string("dataset", "spirals");
    Defaults d = Defaults.of(datasetSpec);
    String lossSpec = a.choice("loss", "softmax-ce", "softmax-ce", "bce", "mse");
    String hidden = a.choice("activation", "relu", "relu", "leaky_relu", "tanh", "sigmoid", "linear");
    String optimizerSpec = a.choice("optimizer", "adam", "adam", "adamw", "sgd", "momentum", "nesterov");
    double lr = a.real("lr", d.lr, 1e-9, 10);
    int batch = a.integer("batch", d.batch, 1, 1 << 20);
    int epochs = a.integer("epochs", d.epochs, 1, 100_000);
    long seed = a.longValue("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
    int threads = a.integer("threads", 0, 1, 1024);
    double validation = a.real("validation", 0.1, 0, 0.9);
    String scheduleSpec = a.string("schedule", d.schedule);
    double weightDecay = a.real("weight-decay", optimizerSpec.equals("adamw") ? 0.01 : 0, 0, 1);
    if (a.has("weight-decay") && optimizerSpec.equals("adam")) {
      throw new UsageException(name() + ": --weight-decay applies to adamw (decoupled) and sgd, momentum, nesterov (L2),"
          + " not adam");
    }
    ActivationSchedule checkpoint = checkpointSchedule(a.string("checkpoint", "none"));
    Path save = a.has("save") ? Path.of(a.string("save", null)) : null;
    Path json = a.has("json") ? Path.of(a.string("json", null)) : null;
    boolean quiet = a.flag("quiet");

    Data data = Data.load(name(), datasetSpec, validation, lossSpec);
    int[] layers = a.intList("layers", d.layers(data));
    checkLayers(name(), layers, data, lossSpec);
    Model model = buildModel(layers, hidden, lossSpec, seed);
    Loss loss = Losses.fromSpec(lossSpec);
    Optimizer optimizer = optimizerSpec.equals("adamw") ? new AdamW((float) lr, 0.9f, 0.999f, 1e-8f, (float) weightDecay)
        : Optimizers.fromSpec(optimizerSpec, (float) lr, (float) weightDecay);
    int trainSize = data.train.size();
    int stepsPerEpoch = (trainSize + Math.min(batch, trainSize) - 1) / Math.min(batch, trainSize);
    LearningRateSchedule lrSchedule = learningRateSchedule(name(), scheduleSpec, stepsPerEpoch, epochs);
    TrainerConfig.Builder cb = TrainerConfig.builder().batchSize(batch).epochs(epochs).seed(seed).optimizer(optimizer)
        .learningRateSchedule(lrSchedule).schedule(checkpoint);
    if (threads > 0) {
      cb.threads(threads);
    }
    TrainerConfig config = cb.build();

    out.printf(Locale.ROOT, "%s: %d train / %d validation / %d test samples, %d features, %s%n", data.name,
        trainSize, data.validation == null ? 0 : data.validation.size(), data.test.size(), data.train.featureCount(),
        data.train.classCount() > 0 ? data.train.classCount() + " classes" : "regression");
    out.printf(Locale.ROOT, "model: %s, %s loss, %s lr %s, schedule %s, batch %d, %d epochs, seed %d, %d thread(s), %s kernels%n",
        describe(layers, model), lossSpec, optimizerSpec, fmt(lr), lrSchedule.spec(), batch, epochs, seed,
        config.threads(), Kernels.providerName());

    Trainer trainer = new Trainer(model, loss, config);
    trainer.addListener(new Progress(out, epochs, quiet, data.train.classCount() > 0));
    TrainingResult result = trainer.fit(data.train, data.validation);
    Evaluation.Result test = new Evaluation(model, loss, 256, config.threads()).run(data.test);
    EpochStats last = result.lastEpoch();
    boolean classify = data.test.classCount() > 0;
    out.printf(Locale.ROOT, "test: %sloss %.4f on %d samples | %d epochs in %.2fs, %.0f samples/s%s%n",
        classify ? String.format(Locale.ROOT, "accuracy %.4f, ", test.accuracy()) : "", test.loss(), test.samples(),
        result.epochs().size(), result.trainSeconds(), result.samplesPerSecond(),
        result.stoppedEarly() ? " (stopped early, best epoch " + result.bestEpoch() + ")" : "");
    if (!quiet) {
      out.print(result.gradientNorms());
    } else {
      for (String w : result.gradientNorms().warnings()) {
        out.println("warning: " + w);
      }
    }
    if (save != null) {
      ModelFiles.save(model, save);
      out.println("saved " + save + " (" + Files.size(save) + " bytes; load with 'vectorgrad evaluate --model " + save
          + " --dataset " + datasetSpec + "')");
    }
    if (json != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("command", "train");
      m.put("dataset", datasetSpec);
      m.put("train_samples", trainSize);
      m.put("validation_samples", data.validation == null ? 0 : data.validation.size());
      m.put("test_samples", data.test.size());
      m.put("layers", toList(layers));
      m.put("activations", model.architecture().activations());
      m.put("parameters", model.parameterCount());
      m.put("loss", lossSpec);
      m.put("optimizer", optimizerSpec);
      m.put("lr", lr);
      m.put("schedule", lrSchedule.spec());
      m.put("batch", batch);
      m.put("epochs", result.epochs().size());
      m.put("seed", seed);
      m.put("threads", config.threads());
      m.put("kernels", Kernels.providerName());
      m.put("checkpoint", checkpoint.spec());
      m.put("test_accuracy", test.accuracy());
      m.put("test_loss", test.loss());
      m.put("final_train_loss", last.trainLoss());
      m.put("final_train_accuracy", last.trainAccuracy());
      m.put("final_validation_loss", last.validationLoss());
      m.put("final_validation_accuracy", last.validationAccuracy());
      m.put("stopped_early", result.stoppedEarly());
      m.put("train_seconds", result.trainSeconds());
      m.put("train_samples_per_second", result.samplesPerSecond());
      m.put("train_samples_per_second_after_first_epoch", warmThroughput(result));
      List<Object> history = new ArrayList<>();
      for (EpochStats e : result.epochs()) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("epoch", e.epoch());
        h.put("train_loss", e.trainLoss());
        h.put("train_accuracy", e.trainAccuracy());
        h.put("validation_loss", e.validationLoss());
        h.put("validation_accuracy", e.validationAccuracy());
        h.put("learning_rate", (double) e.learningRate());
        h.put("seconds", e.seconds());
        history.add(h);
      }
      m.put("history", history);
      m.put("layer_gradient_norms", result.gradientNorms().toMaps());
      m.put("gradient_warnings", result.gradientNorms().warnings());
      if (save != null) {
        m.put("model_file", save.toString());
      }
      JsonOut.write(json, m);
    }
    return 0;
  }

  /** Throughput without the first epoch (JIT warm-up), or NaN with a single epoch. */
  static double warmThroughput(TrainingResult result) {
    long samples = 0;
    double seconds = 0;
    for (EpochStats e : result.epochs()) {
      if (e.epoch() > 1) {
        samples += e.samples();
        seconds += e.seconds();
      }
    }
    return seconds > 0 ? samples / seconds : Double.NaN;
  }

  /** Per-data-set defaults that make the plain command fast and convincing. */
  static final class Defaults {
    final int[] layers; // null: derived from the data
    final double lr;
    final int batch;
    final int epochs;
    final String schedule;

    private Defaults(int[] layers, double lr, int batch, int epochs, String schedule) {
      this.layers = layers;
      this.lr = lr;
      this.batch = batch;
      this.epochs = epochs;
      this.schedule = schedule;
    }

    static Defaults of(String datasetSpec) {
      switch (datasetSpec) {
        case "spirals": return new Defaults(new int[] {2, 64, 64, 3}, 0.01, 32, 40, "cosine");
        case "xor": return new Defaults(new int[] {2, 16, 2}, 0.02, 8, 60, "constant");
        default:
          if (datasetSpec.equals("fashion-mnist") || datasetSpec.startsWith("idx:")) {
            return new Defaults(new int[] {784, 256, 128, 10}, 1e-3, 128, 30, "cosine"); // ~0.90 test accuracy
          }
          return new Defaults(null, 3e-3, 32, 50, "constant");
      }
    }

    int[] layers(Data data) {
      if (layers != null) {
        return layers;
      }
      return new int[] {data.train.featureCount(), 64, data.train.targetWidth()};
    }
  }

  /** A data set split into training, validation (may be null) and test parts. */
  static final class Data {
    final String name;
    final Dataset train;
    final Dataset validation;
    final Dataset test;

    Data(String name, Dataset train, Dataset validation, Dataset test) {
      this.name = name;
      this.train = train;
      this.validation = validation;
      this.test = test;
    }

    /**
     * Resolves {@code --dataset}. Generated and single-file sets are split 80/20 into train/test with
     * {@link #DATA_SEED}; {@code validation} of the training part is held out for validation. With
     * {@code bce} a two-class set gets a single 0/1 target.
     */
    static Data load(String command, String spec, double validation, String lossSpec) throws IOException {
      boolean single = lossSpec.equals("bce");
      Dataset all;
      Dataset train;
      Dataset test;
      String name = spec;
      if (spec.equals("spirals")) {
        all = Spirals.create(DATA_SEED);
        Splits.Split s = Splits.split(all, 0.2, DATA_SEED);
        train = s.train();
        test = s.test();
      } else if (spec.equals("xor")) {
        all = Xor.create(100, 0.15, DATA_SEED, !single);
        Splits.Split s = Splits.split(all, 0.2, DATA_SEED);
        train = s.train();
        test = s.test();
      } else if (spec.equals("fashion-mnist") || spec.startsWith("idx:")) {
        Path dir = spec.equals("fashion-mnist") ? FashionMnist.defaultDir() : Path.of(spec.substring(4));
        if (spec.startsWith("idx:") && !Files.isDirectory(dir)) {
          throw new UsageException(command + ": --dataset " + spec + ": no such directory");
        }
        train = FashionMnist.load(dir, "train", name + "/train");
        test = FashionMnist.load(dir, "t10k", name + "/test");
      } else if (spec.startsWith("csv:")) {
        Path file = Path.of(spec.substring(4));
        if (!Files.isRegularFile(file)) {
          throw new UsageException(command + ": --dataset " + spec + ": no such file");
        }
        CsvReader reader = CsvReader.of(file);
        all = lossSpec.equals("mse") ? reader.regression() : reader.classification();
        Splits.Split s = Splits.split(all, 0.2, DATA_SEED);
        Standardizer st = Standardizer.fit(s.train()); // statistics of the training part only
        train = st.apply(s.train());
        test = st.apply(s.test());
      } else {
        throw new UsageException(command + ": --dataset " + spec
            + " is not one of: spirals, xor, fashion-mnist, idx:DIR, csv:FILE");
      }
      if (single) {
        train = singleTarget(command, train);
        test = singleTarget(command, test);
      }
      Dataset val = null;
      if (validation > 0 && train.size() >= 10) {
        Splits.Split s = Splits.split(train, validation, DATA_SEED + 1);
        train = s.train();
        val = s.test();
      }
      return new Data(name, train, val, test);
    }

    /** Two-class one-hot targets become a single 0/1 target for one sigmoid output; others stay. */
    private static Dataset singleTarget(String command, Dataset ds) {
      if (ds.classCount() != 2 || ds.targetWidth() == 1) {
        return ds;
      }
      float[] x = new float[Math.multiplyExact(ds.size(), ds.featureCount())];
      int[] y = new int[ds.size()];
      for (int i = 0; i < ds.size(); i++) {
        ds.features(i, x, i * ds.featureCount());
        y[i] = ds.label(i);
      }
      return ArrayDataset.classification(ds.name(), x, ds.featureCount(), y, 2, false);
    }
  }

  static void checkLayers(String command, int[] layers, Data data, String lossSpec) {
    if (layers.length < 2) {
      throw new UsageException(command + ": --layers " + join(layers) + ": need at least an input and an output size");
    }
    int features = data.train.featureCount();
    int outputs = data.train.targetWidth();
    if (layers[0] != features) {
      throw new UsageException(command + ": --layers " + join(layers) + ": the first size must be " + features
          + ", the number of features of " + data.name);
    }
    if (layers[layers.length - 1] != outputs) {
      throw new UsageException(command + ": --layers " + join(layers) + ": the last size must be " + outputs
          + ", the target width of " + data.name + " with --loss " + lossSpec);
    }
    for (int i = 0; i + 1 < layers.length; i++) {
      if ((long) layers[i] * layers[i + 1] > 1L << 28) {
        throw new UsageException(command + ": --layers " + join(layers) + ": layer " + layers[i] + "→" + layers[i + 1]
            + " is too large (over 2^28 weights)");
      }
    }
  }

  static Model buildModel(int[] layers, String hidden, String lossSpec, long seed) {
    Activation h = Activation.fromSpec(hidden);
    Activation output = lossSpec.equals("softmax-ce") ? Activation.SOFTMAX
        : lossSpec.equals("bce") ? Activation.SIGMOID : Activation.LINEAR;
    Model.Builder b = Model.builder(layers[0]);
    for (int i = 1; i < layers.length; i++) {
      b.dense(layers[i], i == layers.length - 1 ? output : h);
    }
    return b.build(seed);
  }

  /** Translates the epoch-based CLI schedule into the trainer's step-based one. */
  static LearningRateSchedule learningRateSchedule(String command, String spec, int stepsPerEpoch, int epochs) {
    String[] p = spec.trim().toLowerCase(Locale.ROOT).split(":", -1);
    long total = (long) stepsPerEpoch * epochs;
    try {
      switch (p[0]) {
        case "constant":
          if (p.length == 1) {
            return LearningRateSchedule.constant();
          }
          break;
        case "step":
          if (p.length == 3) {
            return LearningRateSchedule.step((long) Integer.parseInt(p[1]) * stepsPerEpoch, Double.parseDouble(p[2]));
          }
          break;
        case "exp":
          if (p.length == 2) {
            return LearningRateSchedule.exponential(Math.pow(Double.parseDouble(p[1]), 1.0 / stepsPerEpoch));
          }
          break;
        case "cosine":
          if (p.length <= 2) {
            long warmup = p.length == 2 ? (long) Integer.parseInt(p[1]) * stepsPerEpoch : 0;
            if (warmup >= total) {
              throw new UsageException(command + ": --schedule " + spec + ": warm-up of " + p[1]
                  + " epoch(s) leaves nothing of " + epochs + " epoch(s) to anneal");
            }
            return LearningRateSchedule.cosine(total - warmup, 0).withWarmup(warmup);
          }
          break;
        default:
          break;
      }
    } catch (IllegalArgumentException e) { // also NumberFormatException
      throw new UsageException(command + ": --schedule " + spec + ": " + Main.describe(e));
    }
    throw new UsageException(command + ": --schedule " + spec
        + " is not one of: constant, step:EVERY:GAMMA, exp:GAMMA, cosine[:WARMUP] (EVERY, WARMUP in epochs)");
  }

  static ActivationSchedule checkpointSchedule(String spec) {
    if (spec.equals("none")) {
      return StoreAll.INSTANCE;
    }
    try {
      return CheckpointPolicies.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new UsageException("train: --checkpoint " + spec + ": " + Main.describe(e));
    }
  }

  /** Per-epoch output: a progress bar on a terminal, one line per (printed) epoch otherwise. */
  private static final class Progress implements TrainingListener {
    private final PrintStream out;
    private final int epochs;
    private final boolean quiet;
    private final boolean classify;
    private final int every;
    private ProgressBar bar;
    private int epoch;

    Progress(PrintStream out, int epochs, boolean quiet, boolean classify) {
      this.out = out;
      this.epochs = epochs;
      this.quiet = quiet;
      this.classify = classify;
      this.every = Math.max(1, (epochs + 19) / 20); // at most ~20 lines per run
    }

    @Override
    public void epochStart(int epoch, int epochs) {
      this.epoch = epoch;
      bar = null;
    }

    @Override
    public void stepEnd(int epoch, long step, int batch, int batchesPerEpoch, double loss, float[] norms) {
      if (quiet) {
        return;
      }
      if (bar == null) {
        bar = new ProgressBar(out, label(), batchesPerEpoch);
      }
      bar.update(batch + 1, String.format(Locale.ROOT, "loss %.4f", loss));
    }

    @Override
    public void epochEnd(EpochStats s) {
      if (quiet || bar == null) {
        return;
      }
      if (s.epoch() % every == 0 || s.epoch() == epochs || s.epoch() == 1) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", s.trainLoss()));
        if (classify) {
          sb.append(String.format(Locale.ROOT, " acc %.4f", s.trainAccuracy()));
        }
        if (!Double.isNaN(s.validationLoss())) {
          sb.append(String.format(Locale.ROOT, " | val loss %.4f", s.validationLoss()));
          if (classify) {
            sb.append(String.format(Locale.ROOT, " acc %.4f", s.validationAccuracy()));
          }
        }
        sb.append(String.format(Locale.ROOT, " | lr %.2e | %.2fs", s.learningRate(), s.seconds()));
        bar.finish(sb.toString());
      }
    }

    private String label() {
      int w = String.valueOf(epochs).length();
      return String.format(Locale.ROOT, "epoch %" + w + "d/%d", epoch, epochs);
    }
  }

  static String describe(int[] layers, Model model) {
    List<String> acts = model.architecture().activations();
    StringBuilder sb = new StringBuilder().append(layers[0]);
    for (int i = 1; i < layers.length; i++) {
      sb.append('-').append(layers[i]);
    }
    sb.append(' ').append(acts.get(0));
    if (acts.size() > 1) {
      sb.append('/').append(acts.get(acts.size() - 1));
    }
    return sb.append(" (").append(model.parameterCount()).append(" parameters)").toString();
  }

  static List<Object> toList(int[] a) {
    List<Object> l = new ArrayList<>();
    for (int v : a) {
      l.add(v);
    }
    return l;
  }

  private static String join(int[] a) {
    return Arrays.toString(a).replaceAll("[\\[\\] ]", "");
  }

  private static String fmt(double x) {
    return String.format(Locale.ROOT, "%.4g", x);
  }
}
