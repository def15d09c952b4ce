package dev.eventline.domain;

import java.util.Set;

/** Who sent a command: the token's subject and roles, or the platform itself. */
public record Caller(String clientId, Set<String> roles) {

    public static final String ADMIN = "admin";
    /** The identity of commands a process manager issues; trusted like an administrator. */
    public static final Caller PLATFORM = new Caller("eventline", Set.of(ADMIN));

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    /** True when the caller owns the aggregate or may act on any. */
    public boolean mayActFor(String owner) {
        return isAdmin() || clientId.equals(owner);
    }
}
