package dev.eventline.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's JVM says of its memory, from its Prometheus scrape: the heap it has committed
 * and uses, its committed non-heap memory (metaspace, code cache) and what RocksDB's shared block
 * cache holds. Beside a process's resident memory, it tells the heap from the native part.
 */
public final class JvmMemory {

    /** Bytes; NaN where the service exports no such figure (no state stores: no block cache). */
    public record Figures(double heapCommitted, double heapUsed, double nonHeapCommitted, double blockCacheUsage) {
    }

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+)\\{([^}]*)} ([0-9.E+-]+)$|^([a-z_]+) ([0-9.E+-]+)$");

    private JvmMemory() {
    }

    /** Each service's figures, by name; a service that does not answer is left out. */
    public static Map<String, Figures> scrape(HttpClient http, Map<String, URI> services) {
        Map<String, Figures> figures = new LinkedHashMap<>();
        services.forEach((name, uri) -> {
            try {
                HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(uri.resolve("/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (scrape.statusCode() == 200) {
                    figures.put(name, parse(scrape.body()));
                }
            } catch (IOException e) {
                // not answering: no figures for it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return figures;
    }

    static Figures parse(String prometheus) {
        double heapCommitted = 0;
        double heapUsed = 0;
        double nonHeapCommitted = 0;
        double blockCache = Double.NaN;
        for (String line : prometheus.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                continue;
            }
            String name = sample.group(1) != null ? sample.group(1) : sample.group(4);
            String labels = sample.group(2) != null ? sample.group(2) : "";
            double value = Double.parseDouble(sample.group(3) != null ? sample.group(3) : sample.group(5));
            boolean heap = labels.contains("area=\"heap\"");
            switch (name) {
                case "jvm_memory_committed_bytes" -> {
                    if (heap) {
                        heapCommitted += value;
                    } else {
                        nonHeapCommitted += value;
                    }
                }
                case "jvm_memory_used_bytes" -> heapUsed += heap ? value : 0;
                // One cache shared by every store of the process: each store reports the same figure.
                case "kafka_streams_block_cache_usage" -> blockCache = value;
                default -> {
                }
            }
        }
        return new Figures(heapCommitted, heapUsed, nonHeapCommitted, blockCache);
    }
}
