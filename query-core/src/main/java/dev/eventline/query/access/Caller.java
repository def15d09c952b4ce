package dev.eventline.query.access;

import java.util.Collection;
import java.util.Set;

import dev.eventline.http.problem.Problem;
import dev.eventline.http.problem.ProblemException;
import dev.eventline.http.security.Roles;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;

/**
 * Who is reading: the token's subject is the client id. A client sees the aggregates it owns;
 * the auditor and dashboard roles see all of them (shared/DESIGN.md).
 */
public record Caller(String clientId, Set<String> roles) {


    public static Caller of(Authentication authentication) {
        Collection<String> roles = authentication.getRoles();
        return new Caller(authentication.getName(), Set.copyOf(roles));
    }

    public boolean seesEverything() {
        return roles.contains(Roles.AUDITOR) || roles.contains(Roles.DASHBOARD);
    }

    public boolean isAuditor() {
        return roles.contains(Roles.AUDITOR);
    }

    public boolean mayRead(String owner) {
        return seesEverything() || clientId.equals(owner);
    }

    /** Absent and not yours answer alike, so existence does not leak. */
    public static ProblemException notFound(String what, String id) {
        return new ProblemException(Problem.of(HttpStatus.NOT_FOUND, "NOT_FOUND", "Not found").detail("no " + what + " " + id));
    }
}
