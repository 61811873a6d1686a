/**
 * JMH benchmarks ({@code Benchmark<Class>}, mirroring the API), JOL measurements, and {@code ColdStart}, a plain
 * {@code main} that measures a predictor's first calls in a fresh JVM (which JMH discards as warm-up).
 */
package io.vectorgrad.benchmarks;
