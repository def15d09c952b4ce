package dev.eventline.schemas.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where the registry is and how hard to try. Keys follow Confluent's client configuration so the
 * same properties work for both.
 */
public record RegistryClientConfig(List<URI> urls, Duration requestTimeout, int maxAttempts,
                                   Duration initialBackoff, Duration maxBackoff) {

    public static final String URL = "schema.registry.url";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String MAX_ATTEMPTS = "schema.registry.max.attempts";
    public static final String INITIAL_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String MAX_BACKOFF_MS = "schema.registry.retry.backoff.max.ms";

    public RegistryClientConfig {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(URL + " names no registry");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(MAX_ATTEMPTS + " must be at least 1");
        }
        urls = List.copyOf(urls);
    }

    public static RegistryClientConfig of(String urls) {
        return from(Map.of(URL, urls));
    }

    public static RegistryClientConfig from(Map<String, ?> configs) {
        Object url = configs.get(URL);
        if (url == null) {
            throw new IllegalArgumentException("missing " + URL);
        }
        List<URI> uris = Arrays.stream(url.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s)).toList();
        return new RegistryClientConfig(uris,
                Duration.ofMillis(number(configs, REQUEST_TIMEOUT_MS, 5_000)),
                (int) number(configs, MAX_ATTEMPTS, 5),
                Duration.ofMillis(number(configs, INITIAL_BACKOFF_MS, 100)),
                Duration.ofMillis(number(configs, MAX_BACKOFF_MS, 2_000)));
    }

    private static long number(Map<String, ?> configs, String key, long fallback) {
        Object value = configs.get(key);
        return value == null ? fallback : Long.parseLong(value.toString().trim());
    }
}
