package dev.eventline.query;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** Entry point of the query-service; the OpenAPI document is generated from its controllers at compile time. */
@OpenAPIDefinition(
        info = @Info(title = "Eventline Query API", version = "1", description = "Read models of every registered aggregate type "
                + "(state, history, lists, live streams), command status, dashboard figures. A domain's own routes have their own "
                + "document beside this one (/swagger/eventline-<domain>-api-1.yml). Errors are RFC 9457 problem documents."),
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
