package dev.eventline.devstack.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The domains a service loads besides its own classpath: {@code domains/loaded.txt} names one
 * module under {@code domains/} per line, and each adds its compiled classes or its packaged jar
 * (whichever is asked for first, the other when it is missing) to the services' classpath, where
 * {@code ServiceLoader} finds its {@code DomainModule}. A domain not built yet is left out with a
 * warning.
 */
public final class LoadedDomains {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedDomains.class);

    private LoadedDomains() {
    }

    /** The classpath entries of the listed domains that are built: their jars first if {@code packaged}, else their classes. */
    public static List<Path> classpath(Path repositoryRoot, boolean packaged) {
        Path list = repositoryRoot.resolve("domains").resolve("loaded.txt");
        if (!Files.isRegularFile(list)) {
            return List.of();
        }
        List<Path> entries = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(list)) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                Path target = repositoryRoot.resolve("domains").resolve(name).resolve("target");
                Path classes = target.resolve("classes");
                Path jar = target.resolve("eventline-" + name + ".jar");
                if (packaged && Files.isRegularFile(jar)) {
                    entries.add(jar);
                } else if (Files.isDirectory(classes)) {
                    entries.add(classes);
                } else if (Files.isRegularFile(jar)) {
                    entries.add(jar);
                } else {
                    LOG.warn("domain {} is listed in {} but not built; the services start without it", name, list);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + list, e);
        }
        return entries;
    }
}
