/** JMH benchmarks ({@code Benchmark<Class>}, mirroring the API) and JOL measurements. */
package io.vectorgrad.benchmarks;
