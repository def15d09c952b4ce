package dev.eventline.domain;

import java.time.Instant;
import java.util.List;

/**
 * Folding histories with a decider's {@code evolve}: the state now, at a version, or as of an
 * instant. Used by the replay tool and verification, so auditors see states computed by the
 * very code the platform runs.
 */
public final class Fold {

    private Fold() {
    }

    public static <E, S> S fold(Decider<?, E, S> decider, Iterable<? extends E> events) {
        S state = decider.initialState();
        for (E event : events) {
            state = decider.evolve(state, event);
        }
        return state;
    }

    /** The state after the event of the given version; history ordered by version, gapless from 1. */
    public static <E, S> S atVersion(Decider<?, E, S> decider, List<Recorded<E>> history, long version) {
        if (version < 0 || version > history.size()) {
            throw new IllegalArgumentException("version " + version + " is outside 0.." + history.size());
        }
        S state = decider.initialState();
        for (int i = 0; i < version; i++) {
            state = decider.evolve(state, checked(history, i).event());
        }
        return state;
    }

    /** The state as of the instant: every event that occurred at or before it. */
    public static <E, S> S asOf(Decider<?, E, S> decider, List<Recorded<E>> history, Instant instant) {
        S state = decider.initialState();
        for (int i = 0; i < history.size(); i++) {
            Recorded<E> recorded = checked(history, i);
            if (recorded.occurredAt().isAfter(instant)) {
                break;
            }
            state = decider.evolve(state, recorded.event());
        }
        return state;
    }

    private static <E> Recorded<E> checked(List<Recorded<E>> history, int index) {
        Recorded<E> recorded = history.get(index);
        if (recorded.version() != index + 1) {
            throw new IllegalArgumentException("history is not gapless: expected version " + (index + 1) + ", found " + recorded.version());
        }
        return recorded;
    }
}
