package dev.eventline.schemas.serde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs src/test/node/interop.js (Confluent's Node.js client) in a copy under target/, installing
 * its locked npm dependencies on first use, so the test needs nothing installed beforehand but
 * Node.js and npm.
 */
final class NodeClient {

    private static final Path SOURCE = Path.of("src", "test", "node");
    private static final Path WORK = Path.of("target", "node-interop");

    private NodeClient() {
    }

    static synchronized Path installed() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        for (String file : new String[] {"package.json", "package-lock.json", "interop.js"}) {
            Files.copy(SOURCE.resolve(file), WORK.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/@confluentinc/schemaregistry"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), null, 600);
        }
        return WORK;
    }

    /** Runs interop.js with the arguments, feeding stdin; returns stdout lines, fails on a non-zero exit. */
    static List<String> interop(List<String> args, String stdin) throws IOException, InterruptedException {
        installed();
        List<String> command = new ArrayList<>(List.of("node", "interop.js"));
        command.addAll(args);
        return run(command, stdin, 120);
    }

    private static List<String> run(List<String> command, String stdin, int timeoutSeconds) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("node-interop", ".err");
        Process process = new ProcessBuilder(command).directory(WORK.toFile())
                .redirectError(errors.toFile()).start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " exited " + process.exitValue() + ":\n" + Files.readString(errors));
        }
        return new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
}
