package dev.eventline.devstack.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application class-data sharing for a service's JVM (AppCDS, JDK 13+). On two shared cores most
 * of a service's start is spent finding, reading and verifying its classes in some 80 jars: a
 * kill -9'd command service took 7 of its 15 s to reach Kafka. The JVM maps them from an archive
 * instead, written by an earlier run of the same classpath when it exited
 * ({@code -XX:ArchiveClassesAtExit}): the first start of a build dumps, the later ones share.
 *
 * <p>The archive is named after a fingerprint of the JVM, its flags and every jar (path, size,
 * modification time), so a rebuild or another JDK never maps a stale one; the JVM refuses a
 * mismatch on its own anyway. Directories cannot be archived: a classpath with one gets none.
 * Each process dumps to a file of its own, adopted once it exited, so two instances never write
 * the same file.
 */
final class ClassDataArchive {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);

    private final Path archive;
    private Path dumping;

    private ClassDataArchive(Path archive) {
        this.archive = archive;
    }

    /** For this service's JVM, or empty when its classpath holds a directory (compiled classes). */
    static Optional<ClassDataArchive> of(ServiceSpec spec, String java, List<Path> classpath) {
        List<Path> jars = new ArrayList<>();
        for (Path entry : classpath) {
            if (entry.getFileName().toString().equals("*")) {
                jars.addAll(jarsIn(entry.getParent()));
            } else if (Files.isRegularFile(entry)) {
                jars.add(entry);
            } else {
                return Optional.empty();
            }
        }
        Path directory = spec.jar().resolveSibling("cds");
        return Optional.of(new ClassDataArchive(directory.resolve(spec.name() + "-" + fingerprint(java, spec.jvmOptions(), jars) + ".jsa")));
    }

    /** The JVM flags of the next start: share the archive when there is one, else dump one at exit. */
    synchronized List<String> jvmOptions() {
        discardDump(); // the previous process died without being stopped: what it wrote is not trusted
        if (Files.isRegularFile(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        try {
            Files.createDirectories(archive.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dumping = archive.resolveSibling(archive.getFileName() + "." + UUID.randomUUID() + ".dumping");
        return List.of("-XX:ArchiveClassesAtExit=" + dumping);
    }

    /**
     * The process was stopped and exited with this status: the archive it dumped becomes the one to
     * share if it exited by itself (0, or 143 after SIGTERM), not if it had to be killed mid-dump.
     */
    synchronized void stopped(int exitStatus) {
        if (dumping == null) {
            return;
        }
        if (exitStatus != 0 && exitStatus != 143) {
            discardDump();
            return;
        }
        try {
            if (Files.isRegularFile(dumping)) {
                Files.move(dumping, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.info("class-data archive {} written: the next starts share it", archive.getFileName());
                removeOthers();
            }
        } catch (IOException e) {
            LOG.warn("could not keep the class-data archive {}", dumping, e);
        }
        dumping = null;
    }

    private void discardDump() {
        if (dumping != null) {
            try {
                Files.deleteIfExists(dumping);
            } catch (IOException e) {
                LOG.warn("could not remove {}", dumping, e);
            }
            dumping = null;
        }
    }

    /** Archives of earlier builds of this service. */
    private void removeOthers() throws IOException {
        String service = archive.getFileName().toString().replaceFirst("-[0-9a-f]+\\.jsa$", "-");
        try (DirectoryStream<Path> all = Files.newDirectoryStream(archive.getParent(), service + "*.jsa")) {
            for (Path other : all) {
                if (!other.equals(archive)) {
                    Files.deleteIfExists(other);
                }
            }
        }
    }

    private static List<Path> jarsIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static String fingerprint(String java, List<String> flags, List<Path> jars) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((java + '\n' + System.getProperty("java.vm.version") + '\n' + String.join(" ", flags) + '\n').getBytes(StandardCharsets.UTF_8));
            for (Path jar : jars) {
                digest.update((jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() + '\n').getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the classpath", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
