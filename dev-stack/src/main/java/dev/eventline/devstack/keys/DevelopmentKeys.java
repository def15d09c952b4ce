package dev.eventline.devstack.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.eventline.devstack.PrivateFiles;

/**
 * The embedded default's token signing keys, in a directory of the data directory:
 * {@code signing-keys.json} (private, newest key first) and {@code jwks.json} (the public JWK set
 * the services verify with). Each key has a {@code kid}; tokens are signed with the newest, and
 * every key in the set stays valid, so a key is rotated by adding one, restarting the services one
 * at a time, and only later retiring the old key. RS256: verifying it costs a fraction of ES256
 * on the JDK (measured with the command benchmark), and every request verifies one.
 */
public final class DevelopmentKeys {

    public static final String PUBLIC_SET = "jwks.json";
    public static final String PRIVATE_SET = "signing-keys.json";
    /** The issuer and audience the services require by default ({@code eventline.tokens.*}). */
    public static final String ISSUER = "eventline-dev";
    public static final String AUDIENCE = "eventline";

    private final Path directory;
    private final List<RSAKey> keys;

    private DevelopmentKeys(Path directory, List<RSAKey> keys) {
        this.directory = directory;
        this.keys = keys;
    }

    /** The keys in the directory, creating a first key when there is none. */
    public static DevelopmentKeys open(Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(PRIVATE_SET);
            List<RSAKey> keys = new ArrayList<>();
            if (Files.exists(file)) {
                for (JWK jwk : JWKSet.parse(Files.readString(file)).getKeys()) {
                    keys.add(jwk.toRSAKey());
                }
            }
            DevelopmentKeys opened = new DevelopmentKeys(directory, keys);
            if (keys.isEmpty()) {
                opened.rotate();
            }
            return opened;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signing keys in " + directory, e);
        } catch (ParseException e) {
            throw new IllegalStateException("signing keys in " + directory + " are not a JWK set", e);
        }
    }

    /** Adds a new key, used from now on for signing; the older keys stay valid. Returns its kid. */
    public String rotate() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID("dev-" + UUID.randomUUID().toString().substring(0, 8)).issueTime(new Date()).generate();
            keys.add(0, key);
            save();
            return key.getKeyID();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a signing key", e);
        }
    }

    /** Drops a key: tokens it signed stop being accepted once the services reload the set. */
    public void retire(String kid) {
        if (keys.size() == 1) {
            throw new IllegalArgumentException("cannot retire the only key");
        }
        if (!keys.removeIf(key -> key.getKeyID().equals(kid))) {
            throw new IllegalArgumentException("no key " + kid);
        }
        save();
    }

    public String currentKid() {
        return keys.get(0).getKeyID();
    }

    public List<String> kids() {
        return keys.stream().map(RSAKey::getKeyID).toList();
    }

    /** The public set, for {@code micronaut.security.token.jwt.signatures.jwks-static.*.path}. */
    public Path publicKeySet() {
        return directory.resolve(PUBLIC_SET);
    }

    /** A token for the client with the roles, signed with the newest key. */
    public String issue(String clientId, Collection<String> roles, Duration ttl) {
        return issue(keys.get(0), clientId, roles, ttl);
    }

    /** A token signed with a given key, to show that any key of the set is accepted. */
    public String issueWith(String kid, String clientId, Collection<String> roles, Duration ttl) {
        return issue(keys.stream().filter(k -> k.getKeyID().equals(kid)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no key " + kid)), clientId, roles, ttl);
    }

    private static String issue(RSAKey key, String clientId, Collection<String> roles, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(clientId)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .claim("roles", List.copyOf(roles))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    private void save() {
        write(directory.resolve(PRIVATE_SET), new JWKSet(new ArrayList<JWK>(keys)).toString(false), true);
        write(directory.resolve(PUBLIC_SET), new JWKSet(new ArrayList<JWK>(keys)).toPublicJWKSet().toString(), false);
    }

    /** The private set only its owner may read; the public set for anyone who verifies. */
    private static void write(Path file, String json, boolean secret) {
        PrivateFiles.replace(file, json, secret);
    }
}
