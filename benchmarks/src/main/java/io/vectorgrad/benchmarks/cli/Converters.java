package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.checkpointing.CheckpointPolicies;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.spec.DatasetSpec;
import io.vectorgrad.training.spec.HiddenActivations;
import io.vectorgrad.training.spec.LossPairing;
import io.vectorgrad.training.spec.ModelSpec;
import io.vectorgrad.training.spec.OptimizerSpec;
import io.vectorgrad.training.spec.ScheduleSpec;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters calling the library's spec parsers; their messages become picocli's usage errors. */
final class Converters {
  private Converters() {}

  static <T> T convert(String text, Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  static final class Dataset implements ITypeConverter<DatasetSpec> {
    @Override
    public DatasetSpec convert(String s) {
      return Converters.convert(s, DatasetSpec::parse);
    }
  }

  static final class Schedule implements ITypeConverter<ScheduleSpec> {
    @Override
    public ScheduleSpec convert(String s) {
      return Converters.convert(s, ScheduleSpec::parse);
    }
  }

  static final class Loss implements ITypeConverter<LossPairing> {
    @Override
    public LossPairing convert(String s) {
      return Converters.convert(s, LossPairing::parse);
    }
  }

  static final class Optimizer implements ITypeConverter<OptimizerSpec> {
    @Override
    public OptimizerSpec convert(String s) {
      return Converters.convert(s, OptimizerSpec::parse);
    }
  }

  static final class Hidden implements ITypeConverter<Activation> {
    @Override
    public Activation convert(String s) {
      return Converters.convert(s, HiddenActivations::parse);
    }
  }

  static final class Format implements ITypeConverter<io.vectorgrad.training.io.ModelFormat> {
    @Override
    public io.vectorgrad.training.io.ModelFormat convert(String s) {
      return Converters.convert(s, io.vectorgrad.training.io.ModelFormat::fromSpec);
    }
  }

  static final class Norm implements ITypeConverter<NormKind> {
    @Override
    public NormKind convert(String s) {
      return Converters.convert(s, NormKind::fromSpec);
    }
  }

  static final class Layers implements ITypeConverter<ModelOptions.LayerSizes> {
    @Override
    public ModelOptions.LayerSizes convert(String s) {
      return new ModelOptions.LayerSizes(Converters.convert(s, ModelSpec::parseLayers));
    }
  }

  static final class Checkpoint implements ITypeConverter<ActivationSchedule> {
    @Override
    public ActivationSchedule convert(String s) {
      return Converters.convert(s, CheckpointPolicies::parse);
    }
  }
}
