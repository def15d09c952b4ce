package dev.eventline.schemas;

import java.util.List;

import dev.eventline.schemas.envelope.ClientRateLimit;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.DeadLetter;
import org.apache.avro.Schema;

/** The platform's own record types that are stored on topics, and so evolve under the gate. */
public final class PlatformRecords {

    public static final List<Schema> STORED = List.of(
            CommandResult.getClassSchema(),
            ClientRateLimit.getClassSchema(),
            DeadLetter.getClassSchema());

    private PlatformRecords() {
    }
}
