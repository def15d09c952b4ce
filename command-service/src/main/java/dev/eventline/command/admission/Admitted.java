package dev.eventline.command.admission;

import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.DeadLetter;
import org.apache.avro.specific.SpecificRecord;

/** What the admission processor sends on, each to its own sink. */
sealed interface Admitted {

    /** Admitted: on to the decide stage. */
    record Command(SpecificRecord envelope) implements Admitted {
    }

    /** Refused here (rate limit, key reuse): the answer goes straight to the results. */
    record Result(CommandResult result) implements Admitted {
    }

    record Dead(DeadLetter letter) implements Admitted {
    }
}
