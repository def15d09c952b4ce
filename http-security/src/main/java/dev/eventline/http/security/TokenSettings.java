package dev.eventline.http.security;

import java.time.Duration;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * What a bearer token must claim, beyond a valid signature ({@code eventline.tokens.*}): who issued
 * it, who it is for, and how far apart the issuer's clock and ours may be; and how many verified
 * tokens are remembered, for how long.
 */
@ConfigurationProperties("eventline.tokens")
public class TokenSettings {

    private String issuer = "eventline-dev";
    private String audience = "eventline";
    private Duration clockSkew = Duration.ofSeconds(30);
    private int verifiedCacheSize = 10_000;
    private Duration verifiedTtl = Duration.ofMinutes(5);

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public String getAudience() {
        return audience;
    }

    public void setAudience(String audience) {
        this.audience = audience;
    }

    public Duration getClockSkew() {
        return clockSkew;
    }

    public void setClockSkew(Duration clockSkew) {
        this.clockSkew = clockSkew;
    }

    /** How many verified tokens {@link VerifiedTokens} remembers (0: every request verifies its token). */
    public int getVerifiedCacheSize() {
        return verifiedCacheSize;
    }

    public void setVerifiedCacheSize(int verifiedCacheSize) {
        this.verifiedCacheSize = verifiedCacheSize;
    }

    /** How long at most a verified token is remembered, however late it expires. */
    public Duration getVerifiedTtl() {
        return verifiedTtl;
    }

    public void setVerifiedTtl(Duration verifiedTtl) {
        this.verifiedTtl = verifiedTtl;
    }
}
