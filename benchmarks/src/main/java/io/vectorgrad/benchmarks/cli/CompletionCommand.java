package io.vectorgrad.benchmarks.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code vectorgrad completion}: prints a bash (and zsh) completion script generated from the command tree. */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Prints a bash/zsh completion script for every command, option and accepted name.",
        "Use: source <(./vectorgrad completion)   (or save it under /etc/bash_completion.d/vectorgrad)."})
final class CompletionCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(AutoComplete.bash("vectorgrad", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
