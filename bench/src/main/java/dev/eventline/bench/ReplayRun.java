package dev.eventline.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventline.devstack.PrivateFiles;
import dev.eventline.replay.ReplayCommand;
import picocli.CommandLine;

/** The replay tool run in this JVM against a stack, with the stack's own settings; its JSON answer. */
public final class ReplayRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayRun() {
    }

    /** {@code replay <command> <args>} with the connection settings of the services' environment. */
    public static JsonNode run(Map<String, String> env, String namespace, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(1, List.of("--bootstrap-servers", env.get("KAFKA_BOOTSTRAP_SERVERS"), "--registry", env.get("SCHEMA_REGISTRY_URL"),
                "--jdbc-url", env.get("DATASOURCES_DEFAULT_URL"), "--db-user", env.get("DATASOURCES_DEFAULT_USERNAME"),
                "--db-password-file", PrivateFiles.temporary(env.getOrDefault("DATASOURCES_DEFAULT_PASSWORD", "")).toString(),
                "--namespace", namespace));
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();
        int exit = new CommandLine(new ReplayCommand()).setOut(new PrintWriter(output)).setErr(new PrintWriter(errors))
                .execute(all.toArray(String[]::new));
        if (exit != 0 && output.toString().isBlank()) {
            throw new IllegalStateException("replay " + args[0] + " failed (" + exit + "): " + errors);
        }
        return JSON.readTree(output.toString());
    }
}
