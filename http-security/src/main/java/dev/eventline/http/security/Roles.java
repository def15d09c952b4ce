package dev.eventline.http.security;

/** The token roles the services check (shared/DESIGN.md, docs/security.md). */
public final class Roles {

    /** Send commands to the aggregates the client owns (and create new ones). */
    public static final String COMMANDS_WRITE = "commands:write";
    /** Read the client's own aggregates. */
    public static final String QUERIES_READ = "queries:read";
    /** Command any aggregate, set client limits. */
    public static final String ADMIN = "admin";
    /** Read every aggregate; each read is logged on the auditor access log. */
    public static final String AUDITOR = "auditor";
    /** Read every aggregate and the figures across clients, for wallboards. */
    public static final String DASHBOARD = "dashboard";

    private Roles() {
    }
}
