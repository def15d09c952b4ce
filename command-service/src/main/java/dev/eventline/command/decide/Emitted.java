package dev.eventline.command.decide;

import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.DeadLetter;
import org.apache.avro.specific.SpecificRecord;

/** What the decide processor sends on, each to its own sink. */
sealed interface Emitted {

    /** An event for {@code <ns>.events.<aggregateType>}. */
    record Event(String aggregateType, SpecificRecord envelope) implements Emitted {
    }

    /** A command a process manager issued, or an outcome for a process, for {@code <ns>.commands}. */
    record Command(SpecificRecord envelope) implements Emitted {
    }

    /** A command's outcome, for {@code <ns>.results}. */
    record Result(CommandResult result) implements Emitted {
    }

    record Dead(DeadLetter letter) implements Emitted {
    }
}
