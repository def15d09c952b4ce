package dev.eventline.query;

import io.micronaut.runtime.Micronaut;

/** Entry point of the query-service. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).banner(false).start();
    }
}
