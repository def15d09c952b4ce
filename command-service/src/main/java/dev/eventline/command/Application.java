package dev.eventline.command;

import io.micronaut.runtime.Micronaut;

/** Entry point of the command-service. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).banner(false).start();
    }
}
