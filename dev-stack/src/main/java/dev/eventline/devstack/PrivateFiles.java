package dev.eventline.devstack;

import java.util.Base64;
import java.security.SecureRandom;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files only their owner may read (0600): keys, passwords, logs that name clients. Written beside
 * and moved into place, so a reader never sees half a file or a moment of wider permissions.
 */
public final class PrivateFiles {

    private PrivateFiles() {
    }

    public static Path write(Path file, String content) {
        return replace(file, content, true);
    }

    /** Replaces the file's content atomically; private to its owner, or readable by all (public keys). */
    public static Path replace(Path file, String content, boolean ownerOnly) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            if (ownerOnly) {
                restrict(temp);
            } else {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A new private temporary file holding the secret, for a tool that takes secrets from files. */
    public static Path temporary(String secret) {
        try {
            Path file = Files.createTempFile("eventline-secret", ".txt");
            file.toFile().deleteOnExit();
            return write(file, secret);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The secret kept in the file, made (random, URL-safe) and stored privately the first time. */
    public static String secret(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            write(file, secret);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Creates the file empty if missing, and makes it private either way. */
    public static Path touch(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            restrict(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the directory's own permissions apply
        }
    }
}
