package dev.eventline.command.decide;

import java.time.Duration;

/**
 * @param outcomeRetention how long a command id's outcome is kept to answer retries (default 24 h)
 * @param purgeInterval    how often expired outcomes are removed
 */
public record DecideSettings(Duration outcomeRetention, Duration purgeInterval) {

    public static DecideSettings defaults() {
        return new DecideSettings(Duration.ofHours(24), Duration.ofSeconds(10));
    }
}
