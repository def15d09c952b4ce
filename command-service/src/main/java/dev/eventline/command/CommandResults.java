package dev.eventline.command;

import java.time.Instant;

import dev.eventline.schemas.envelope.CommandMetadata;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.CommandStatus;

/** A command's result, carrying the command's identity so the edge and the query side can match it. */
public final class CommandResults {

    private CommandResults() {
    }

    public static CommandResult.Builder of(CommandMetadata command, CommandStatus status, Instant decidedAt) {
        return CommandResult.newBuilder()
                .setCommandId(command.getCommandId())
                .setAggregateType(command.getAggregateType())
                .setAggregateId(command.getAggregateId())
                .setCommandType(command.getCommandType())
                .setClientId(command.getClientId())
                .setCorrelationId(command.getCorrelationId())
                .setIdempotencyKey(command.getIdempotencyKey())
                .setStatus(status)
                .setDecidedAt(decidedAt)
                .setReplyTo(command.getReplyTo());
    }
}
