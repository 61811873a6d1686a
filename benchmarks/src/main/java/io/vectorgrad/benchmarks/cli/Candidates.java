package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.spec.DatasetSpec;
import io.vectorgrad.training.spec.HiddenActivations;
import io.vectorgrad.training.spec.LossPairing;
import io.vectorgrad.training.spec.OptimizerSpec;
import io.vectorgrad.training.spec.ScheduleSpec;
import java.util.Iterator;
import java.util.List;

/**
 * The library's lists of accepted names as picocli completion candidates, so help text
 * ({@code ${COMPLETION-CANDIDATES}}) and shell completion come from the same list the parsers use.
 */
final class Candidates {
  private Candidates() {}

  /** Hidden activations. */
  static final class Activations implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return HiddenActivations.NAMES.iterator();
    }
  }

  static final class Losses implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return LossPairing.NAMES.iterator();
    }
  }

  static final class Formats implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return io.vectorgrad.training.io.ModelFormat.NAMES.iterator();
    }
  }

  static final class Norms implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return NormKind.NAMES.iterator();
    }
  }

  static final class Optimizers implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return OptimizerSpec.NAMES.iterator();
    }
  }

  /** Schedule forms ({@code step:EVERY:GAMMA} ...). */
  static final class Schedules implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ScheduleSpec.FORMS.iterator();
    }
  }

  /** Data set forms ({@code csv:FILE} ...). */
  static final class Datasets implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return DatasetSpec.FORMS.iterator();
    }
  }

  /** GEMM implementations of {@code bench gemm}. */
  static final class GemmImpls implements Iterable<String> {
    static final List<String> NAMES = List.of("panama", "scalar", "openblas", "netlib-java");

    @Override
    public Iterator<String> iterator() {
      return NAMES.iterator();
    }
  }
}
