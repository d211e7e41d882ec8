package rnn.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for rnn (subcommands, options, option values).",
                "The bash script also works in zsh (it loads bashcompinit)."},
        footerHeading = "%nExamples:%n",
        footer = {"  source <(rnn completion bash)                         # this shell",
                "  rnn completion bash > /etc/bash_completion.d/rnn      # every new shell",
                "  rnn completion zsh > \"$${fpath[1]}/_rnn\"               # zsh"})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("rnn", spec.root().commandLine());
        if (shell == Shell.zsh) {
            script = "#compdef rnn\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
