package dev.eventline.devstack;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dev-stack's command line, run by the {@code ./eventline} launcher. */
@Command(name = "eventline", mixinStandardHelpOptions = true, version = "eventline dev-stack 0.1.0",
        description = "Eventline on one machine: embedded Kafka broker, PostgreSQL and the services.",
        subcommands = {UpCommand.class, TokenCommand.class})
public final class DevStackMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new DevStackMain()).execute(args);
        // `up` returns only after its shutdown hook ran; other commands end here.
        System.exit(exit);
    }
}
