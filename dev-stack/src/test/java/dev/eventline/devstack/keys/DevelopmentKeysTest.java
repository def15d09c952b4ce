package dev.eventline.devstack.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentKeysTest {

    @TempDir
    Path dir;

    @Test
    void aTokenCarriesTheClientRolesAndKidAndVerifiesAgainstThePublicSet() throws Exception {
        DevelopmentKeys keys = DevelopmentKeys.open(dir);

        SignedJWT token = SignedJWT.parse(keys.issue("alice", List.of("commands:write", "admin"), Duration.ofMinutes(5)));

        assertThat(token.getHeader().getKeyID()).isEqualTo(keys.currentKid());
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("commands:write", "admin");
        assertThat(token.verify(new RSASSAVerifier(publicSet().getKeyByKeyId(keys.currentKid()).toRSAKey()))).isTrue();
        assertThat(publicSet().getKeys()).allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
    }

    @Test
    void keysSurviveReopeningAndARotationKeepsTheOldKeyValidUntilRetired() throws Exception {
        String first = DevelopmentKeys.open(dir).currentKid();
        DevelopmentKeys keys = DevelopmentKeys.open(dir);
        assertThat(keys.currentKid()).isEqualTo(first);

        String second = keys.rotate();

        assertThat(DevelopmentKeys.open(dir).kids()).containsExactly(second, first);
        assertThat(publicSet().getKeyByKeyId(first)).isNotNull();
        keys.retire(first);
        assertThat(publicSet().getKeyByKeyId(first)).isNull();
        assertThatThrownBy(() -> keys.retire(second)).hasMessageContaining("only key");
    }

    @Test
    void thePrivateSetIsReadableByItsOwnerOnly() throws Exception {
        DevelopmentKeys.open(dir);

        assertThat(Files.getPosixFilePermissions(dir.resolve(DevelopmentKeys.PRIVATE_SET)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    private JWKSet publicSet() throws Exception {
        return JWKSet.parse(Files.readString(dir.resolve(DevelopmentKeys.PUBLIC_SET)));
    }
}
