package dev.eventline.replay;

import dev.eventline.replay.export.ExportCommand;
import dev.eventline.replay.export.SqlCommand;
import dev.eventline.replay.history.HistoryCommand;
import dev.eventline.replay.history.StateCommand;
import dev.eventline.replay.rebuild.RebuildCommand;
import dev.eventline.replay.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code eventline replay}: the audit and replay tool. Reads the log, the archive and the read
 * models where the services put them (the same environment variables, or options).
 */
@Command(name = "replay", mixinStandardHelpOptions = true, version = "eventline replay 0.1.0",
        description = "Audit and replay tool for Eventline event logs.",
        subcommands = {HistoryCommand.class, StateCommand.class, VerifyCommand.class, RebuildCommand.class, ExportCommand.class, SqlCommand.class})
public final class ReplayCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The tool's own logging settings, named: the projection service's logback.xml is on the classpath too. */
    static final String LOGGING = "replay-logback.xml";

    public static void main(String[] args) {
        // Before any logger exists: with a configuration named, logback does not search the classpath,
        // finds no second logback.xml to warn about, and prints nothing of its own on stdout, which
        // holds the answer alone (`./eventline replay verify | jq .`).
        System.setProperty("logback.configurationFile", LOGGING);
        System.exit(new CommandLine(new ReplayCommand()).execute(args));
    }
}
