package dev.eventline.query.access;

import java.util.Collection;
import java.util.Set;

import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;

/**
 * Who is reading: the token's subject is the client id. A client sees the aggregates it owns;
 * the auditor and dashboard roles see all of them (shared/DESIGN.md).
 */
public record Caller(String clientId, Set<String> roles) {

    public static final String AUDITOR = "auditor";
    public static final String DASHBOARD = "dashboard";

    public static Caller of(Authentication authentication) {
        Collection<String> roles = authentication.getRoles();
        return new Caller(authentication.getName(), Set.copyOf(roles));
    }

    public boolean seesEverything() {
        return roles.contains(AUDITOR) || roles.contains(DASHBOARD);
    }

    public boolean isAuditor() {
        return roles.contains(AUDITOR);
    }

    public boolean mayRead(String owner) {
        return seesEverything() || clientId.equals(owner);
    }

    /** Absent and not yours answer alike, so existence does not leak. */
    public static ProblemException notFound(String what, String id) {
        return new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "NOT_FOUND", "Not found").detail("no " + what + " " + id));
    }
}
