package dev.eventline.command.edge;

import java.time.Duration;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The HTTP edge's bounds ({@code eventline.edge.*}): no request waits on Kafka longer than these.
 */
@ConfigurationProperties("eventline.edge")
public class EdgeSettings {

    /** How long a request may wait for the broker to take the command; past it: 503. */
    private Duration sendTimeout = Duration.ofSeconds(5);
    /** How long a synchronous request waits for its outcome once the command is in the log; past it: 202. */
    private Duration replyTimeout = Duration.ofSeconds(10);
    /** The Retry-After given with a 503. */
    private Duration retryAfter = Duration.ofSeconds(2);
    /** Where the query service answers {@code GET /v1/commands/{id}}; empty: the same origin (behind a gateway). */
    private String statusBaseUrl = "";
    /**
     * The partition of {@code <ns>.results} this instance reads its outcomes from; unset: a
     * StatefulSet pod's ordinal (the number ending {@code HOSTNAME}), else one chosen at random.
     * Instances on distinct partitions each read only their own outcomes.
     */
    private Integer replyPartition;

    public Duration getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    public Duration getReplyTimeout() {
        return replyTimeout;
    }

    public void setReplyTimeout(Duration replyTimeout) {
        this.replyTimeout = replyTimeout;
    }

    public String getStatusBaseUrl() {
        return statusBaseUrl;
    }

    public void setStatusBaseUrl(String statusBaseUrl) {
        this.statusBaseUrl = statusBaseUrl == null ? "" : statusBaseUrl.replaceAll("/+$", "");
    }

    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public Integer getReplyPartition() {
        return replyPartition;
    }

    public void setReplyPartition(Integer replyPartition) {
        this.replyPartition = replyPartition;
    }
}
