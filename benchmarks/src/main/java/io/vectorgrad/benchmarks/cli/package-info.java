/**
 * The {@code vectorgrad} command line on picocli: one class per sub-command holding its option declarations
 * and its printing; parsing specs, loading data and building models are the library's
 * ({@code io.vectorgrad.training.spec}). {@code Main} maps outcomes to the exit codes of {@code ExitCodes}.
 */
package io.vectorgrad.benchmarks.cli;
