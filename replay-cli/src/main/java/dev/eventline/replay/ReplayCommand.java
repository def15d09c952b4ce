package dev.eventline.replay;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code eventline replay}: the audit and replay tool. Its subcommands (history, state, verify,
 * rebuild, export) arrive with the replay issue; until then it only describes itself.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, version = "eventline replay 0.1.0",
        description = "Audit and replay tool for Eventline event logs.")
public final class ReplayCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReplayCommand()).execute(args));
    }
}
