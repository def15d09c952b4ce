package dev.eventline.domain;

/**
 * A stable, machine-readable reason, implemented by each domain's enum of codes. The code's name
 * is what clients see (problem documents, command results), so it never changes.
 */
public interface RejectionCode {

    String name();
}
