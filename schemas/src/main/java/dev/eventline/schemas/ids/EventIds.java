package dev.eventline.schemas.ids;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * UUIDv7 (RFC 9562) for event and command ids: 48 bits of Unix milliseconds, then random bits, so
 * ids sort by creation time and index well. Within one millisecond the ids of one generator
 * still increase: the random part is counted up rather than drawn again.
 */
public final class EventIds {

    private static final long RAND_B_MASK = 0x3FFF_FFFF_FFFF_FFFFL;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private long lastRandA;
    private long lastRandB;

    public synchronized UUID next(Instant now) {
        long millis = now.toEpochMilli();
        if (millis <= lastMillis) {
            // Same millisecond, or the clock stepped back: count up from the last id.
            millis = lastMillis;
            lastRandB = (lastRandB + 1) & RAND_B_MASK;
            if (lastRandB == 0) {
                lastRandA = (lastRandA + 1) & 0xFFF;
                if (lastRandA == 0) {
                    millis++;
                }
            }
        } else {
            lastRandA = random.nextInt(1 << 12);
            lastRandB = random.nextLong() & RAND_B_MASK;
        }
        lastMillis = millis;
        long msb = (millis << 16) | (0x7L << 12) | lastRandA;
        long lsb = (0x2L << 62) | lastRandB;
        return new UUID(msb, lsb);
    }

    /** The millisecond a UUIDv7 was made in. */
    public static Instant instantOf(UUID uuid) {
        if (uuid.version() != 7) {
            throw new IllegalArgumentException(uuid + " is not a UUIDv7");
        }
        return Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16);
    }
}
