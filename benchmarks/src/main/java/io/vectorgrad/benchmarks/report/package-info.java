/**
 * Helpers for the checkpointing reports and benchmarks: a Dense chain as a {@code BlockNetwork}, a JOL
 * probe of live activation bytes, the memory/time chart with its Pareto frontier, atomic report files.
 */
package io.vectorgrad.benchmarks.report;
