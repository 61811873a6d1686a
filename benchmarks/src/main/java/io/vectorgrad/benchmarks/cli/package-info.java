/** The {@code vectorgrad} command line: one class per sub-command, plus flag parsing, progress bars and JSON output. */
package io.vectorgrad.benchmarks.cli;
