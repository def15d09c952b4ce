package dev.eventline.devstack.services;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.eventline.devstack.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Eventline service run as a child JVM from its packaged jar, as it would run in production:
 * its own process, its own port, configuration through the environment, stopped with SIGTERM so
 * its graceful shutdown runs.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ServiceSpec spec;
    private final Path logFile;
    private Optional<ClassDataArchive> classData;
    private Process process;
    private boolean closed;

    public ServiceProcess(ServiceSpec spec, Path logFile) {
        this.spec = spec;
        this.logFile = logFile;
    }

    public ServiceSpec spec() {
        return spec;
    }

    /** Starts the service (again, after it exited); refused once it was closed. */
    public synchronized void start(Map<String, String> environment) {
        if (closed) {
            throw new IllegalStateException(spec.name() + " was stopped");
        }
        if (!Files.isRegularFile(spec.jar())) {
            throw new IllegalStateException(spec.name() + ": " + spec.jar() + " is missing; build it with ./mvnw -DskipTests package");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Path> classpath = new ArrayList<>(List.of(spec.jar(), spec.jar().resolveSibling("lib").resolve("*")));
        classpath.addAll(spec.domains());
        if (classData == null) {
            classData = spec.classDataSharing() ? ClassDataArchive.of(spec, java, classpath) : Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(spec.jvmOptions());
        classData.ifPresent(archive -> command.addAll(archive.jvmOptions()));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        command.add(mainClass(spec.jar()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(PrivateFiles.touch(logFile).toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(spec.port()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name(), e);
        }
        LOG.info("{} started (pid {}), log in {}", spec.name(), process.pid(), logFile);
    }

    private static String mainClass(Path jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            String main = file.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new IllegalStateException(jar + " names no Main-Class");
            }
            return main;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /** Polls {@code /health} until the service answers 200, or fails after {@code timeout}. */
    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(healthUri()).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + spec.name(), e);
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException(spec.name() + " not healthy within " + timeout + "; see " + logFile);
    }

    public URI healthUri() {
        return URI.create("http://localhost:" + spec.port() + "/health");
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The running process (the latest, after a restart). */
    public synchronized Process process() {
        if (process == null) {
            throw new IllegalStateException(spec.name() + " was not started");
        }
        return process;
    }

    /** Whether {@link #close} was called: an exit after it was asked for. */
    public synchronized boolean isClosed() {
        return closed;
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGTERM, then SIGKILL if the service has not exited within the grace period. */
    @Override
    public synchronized void close() {
        closed = true;
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(spec.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} did not stop within {}, killing it", spec.name(), spec.stopGrace());
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        if (!process.isAlive()) {
            classData.ifPresent(archive -> archive.stopped(process.exitValue()));
        }
        LOG.info("{} stopped", spec.name());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
