package dev.eventline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;

/**
 * Given events, when a command, then events or a rejection. Also checks the decider contract on
 * the way: evolve accepts every event decide returned.
 */
public final class DeciderSpec<S> {

    public static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
    public static final Caller OWNER = new Caller("alice", Set.of("commands:write"));
    public static final Caller STRANGER = new Caller("mallory", Set.of("commands:write"));
    public static final Caller ADMIN = new Caller("root", Set.of(Caller.ADMIN));

    private final Decider<SpecificRecord, SpecificRecord, S> decider;
    private final S state;

    private DeciderSpec(Decider<SpecificRecord, SpecificRecord, S> decider, S state) {
        this.decider = decider;
        this.state = state;
    }

    public static <S> DeciderSpec<S> given(Decider<SpecificRecord, SpecificRecord, S> decider, SpecificRecord... history) {
        return new DeciderSpec<>(decider, Fold.fold(decider, List.of(history)));
    }

    public Then when(SpecificRecord command) {
        return when(command, OWNER);
    }

    public Then when(SpecificRecord command, Caller caller) {
        Decision<SpecificRecord> decision = decider.decide(new Command<>("agg-1", command, caller, NOW), state);
        S after = state;
        for (SpecificRecord event : decision.events()) {
            after = decider.evolve(after, event);
        }
        return new Then(decision, after);
    }

    public final class Then {
        private final Decision<SpecificRecord> decision;
        private final S after;

        Then(Decision<SpecificRecord> decision, S after) {
            this.decision = decision;
            this.after = after;
        }

        public Then thenEvents(SpecificRecord... expected) {
            assertThat(decision).as("decision").isInstanceOf(Decision.Accepted.class);
            assertThat(decision.events()).containsExactly(expected);
            return this;
        }

        public Then thenNothing() {
            return thenEvents();
        }

        public Then thenRejected(RejectionCode code) {
            assertThat(decision).as("decision").isInstanceOf(Decision.Rejected.class);
            Rejection rejection = ((Decision.Rejected<SpecificRecord>) decision).rejection();
            assertThat(rejection.code()).isEqualTo(code);
            assertThat(rejection.message()).isNotBlank();
            return this;
        }

        public S state() {
            return after;
        }
    }
}
