package dev.eventline.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A command as a decider sees it: the payload plus who sends it, to which aggregate, when.
 *
 * @param aggregateId the aggregate the command is for
 * @param payload     the command record
 * @param caller      the authenticated client (or the platform, for process-manager commands)
 * @param at          when the platform received it; deciders use it instead of a clock
 */
public record Command<C>(String aggregateId, C payload, Caller caller, Instant at) {

    public Command {
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(at, "at");
    }
}
