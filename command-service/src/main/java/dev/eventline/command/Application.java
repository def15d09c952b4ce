package dev.eventline.command;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** Entry point of the command-service; the OpenAPI document is generated from its controllers at compile time. */
@OpenAPIDefinition(
        info = @Info(title = "Eventline Command API", version = "1", description = "Commands to aggregates: checked against their current "
                + "state, appended as events. Errors are RFC 9457 problem documents."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "RS256 JWT: subject = client id, roles claim (commands:write, admin, auditor, dashboard); the key is chosen by kid from the JWK set")
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).banner(false).start();
    }
}
