package dev.eventline.command.edge;

/** The token roles this service checks (shared/DESIGN.md). */
public final class Roles {

    public static final String COMMANDS_WRITE = "commands:write";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
