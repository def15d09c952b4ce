package dev.eventline.query;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.eventline.devstack.keys.DevelopmentKeys;

/**
 * Tokens an attacker could bring: signed with the platform's real key but with claims the services
 * must refuse, signed with other keys or algorithms, unsigned, or tampered with after signing.
 * Each claims every role, so only the token rules stand between it and the data.
 */
final class ForgedTokens {

    static final List<String> ALL_ROLES = List.of("commands:write", "queries:read", "admin", "dashboard", "auditor");

    private final RSAKey platformKey;
    private final RSAKey foreignKey;

    ForgedTokens(DevelopmentKeys keys) {
        try {
            Path signing = keys.publicKeySet().getParent().resolve(DevelopmentKeys.PRIVATE_SET);
            platformKey = (RSAKey) JWKSet.parse(Files.readString(signing)).getKeys().get(0);
            foreignKey = new RSAKeyGenerator(2048).keyID(platformKey.getKeyID()).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every way a token must be refused, by name. */
    Map<String, String> refused() {
        Instant now = Instant.now();
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put("expired an hour ago", signed(c -> c.expirationTime(Date.from(now.minus(Duration.ofHours(1))))));
        tokens.put("without exp", signed(c -> c.expirationTime(null)));
        tokens.put("nbf in an hour", signed(c -> c.notBeforeTime(Date.from(now.plus(Duration.ofHours(1))))));
        tokens.put("iat in an hour", signed(c -> c.issueTime(Date.from(now.plus(Duration.ofHours(1))))));
        tokens.put("foreign issuer", signed(c -> c.issuer("https://issuer.example")));
        tokens.put("without issuer", signed(c -> c.issuer(null)));
        tokens.put("foreign audience", signed(c -> c.audience("another-api")));
        tokens.put("without audience", signed(c -> c.audience((String) null)));
        tokens.put("without subject", signed(c -> c.subject(null)));
        tokens.put("signed by a foreign key with the platform's kid", sign(foreignKey, claims(c -> c)));
        tokens.put("unknown kid", sign(foreignKeyWithKid("nobody-knows-me"), claims(c -> c)));
        tokens.put("alg none", new PlainJWT(claims(c -> c)).serialize());
        tokens.put("HS256 keyed with the public key", hmacWithPublicKey());
        tokens.put("payload swapped after signing", tampered());
        tokens.put("garbage", "not.a.token");
        tokens.put("empty", "");
        return tokens;
    }

    /** A valid token that claims every role, for the positive controls. */
    String valid(String subject) {
        return signed(c -> c.subject(subject));
    }

    private String signed(UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(platformKey, claims(change));
    }

    private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        return change.apply(new JWTClaimsSet.Builder().subject("mallory").issuer(DevelopmentKeys.ISSUER).audience(DevelopmentKeys.AUDIENCE)
                .claim("roles", ALL_ROLES).issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).jwtID(UUID.randomUUID().toString())).build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey foreignKeyWithKid(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The classic confusion: HMAC keyed with the RSA public key the verifier holds. */
    private String hmacWithPublicKey() {
        try {
            byte[] secret = platformKey.toPublicJWK().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(platformKey.getKeyID()).build(), claims(c -> c));
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A real signature over one payload, sent with another (an admin's subject). */
    private String tampered() {
        String[] parts = signed(c -> c.claim("roles", List.of("queries:read"))).split("\\.");
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims(c -> c.subject("admin")).toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }
}
