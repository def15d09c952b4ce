package dev.eventline.command.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final TokenBucket.Limit tenPerSecond = new TokenBucket.Limit(10, 10, 1_000);

    @Test
    void shouldStartFullAndRefillContinuouslyUpToCapacity() {
        TokenBucket empty = new TokenBucket(0, 0);

        assertThat(TokenBucket.full(tenPerSecond, 0).milliTokens()).isEqualTo(10_000);
        assertThat(empty.refilled(tenPerSecond, 150).milliTokens()).isEqualTo(1_500);
        assertThat(empty.refilled(tenPerSecond, 60_000).milliTokens()).isEqualTo(10_000);
    }

    @Test
    void shouldTellHowLongUntilTheNextWholeToken() {
        TokenBucket.Limit onePerMinute = new TokenBucket.Limit(1, 1, 60_000);

        assertThat(new TokenBucket(0, 0).millisUntilToken(onePerMinute)).isEqualTo(60_000);
        assertThat(new TokenBucket(999, 0).millisUntilToken(onePerMinute)).isEqualTo(60);
        assertThat(new TokenBucket(1_000, 0).millisUntilToken(onePerMinute)).isZero();
        assertThat(new TokenBucket(250, 0).millisUntilToken(tenPerSecond)).isEqualTo(75);
    }

    @Test
    void shouldGrantARaisedCapacityAtOnceAndClampALoweredOne() {
        TokenBucket.Limit oneBurst = new TokenBucket.Limit(1, 1, 60_000);

        assertThat(new TokenBucket(0, 0).underLimitChange(oneBurst, tenPerSecond).milliTokens()).isEqualTo(9_000);
        assertThat(new TokenBucket(10_000, 0).underLimitChange(tenPerSecond, oneBurst).milliTokens()).isEqualTo(1_000);
        assertThat(new TokenBucket(500, 0).underLimitChange(tenPerSecond, oneBurst).milliTokens()).isEqualTo(500);
    }

    @Test
    void shouldRefuseAnEmptyLimit() {
        assertThatThrownBy(() -> new TokenBucket.Limit(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
