package dev.eventline.http.security;

import java.nio.file.Files;
import java.nio.file.Path;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;

/**
 * Refuses to start without the JWK set the tokens are verified with: Micronaut Security would
 * otherwise start and then fail every request, health probes included.
 */
@Context
public class TokenKeysCheck {

    public TokenKeysCheck(@Value("${micronaut.security.token.jwt.signatures.jwks-static.eventline.path:}") String path) {
        if (path.startsWith("file:") && !Files.isReadable(Path.of(path.substring("file:".length())))) {
            throw new ConfigurationException("no token verification keys at " + path.substring("file:".length())
                    + ": `./eventline up` or `./eventline token` creates development keys in $EVENTLINE_HOME/keys; in production set "
                    + "micronaut.security.token.jwt.signatures.jwks-static.eventline.path to the issuer's JWK set");
        }
    }
}
