package dev.eventline.bench.load;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Where synchronous commands' time went, hop by hop, from each answer's {@code Server-Timing}
 * header (the command service writes {@code edge;dur=0.41, admit;dur=1.20, ...} in milliseconds).
 * Thread-safe; {@link #interval()} hands over what was recorded since the last call.
 */
public final class HopBudget {

    /** The command service's hops in path order (docs/command-service.md). */
    public static final List<String> HOPS = List.of("edge", "admit", "decide", "commit", "reply", "total");

    private final Map<String, Recorder> recorders = new ConcurrentHashMap<>();

    public void record(HttpResponse<?> answer) {
        answer.headers().firstValue("Server-Timing").ifPresent(this::record);
    }

    void record(String serverTiming) {
        for (String metric : serverTiming.split(",")) {
            String[] parts = metric.trim().split(";");
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                if (parameter.startsWith("dur=")) {
                    long micros = Math.max(0, Math.round(Double.parseDouble(parameter.substring(4)) * 1000));
                    recorders.computeIfAbsent(parts[0].trim(), hop -> new Recorder(3)).recordValue(micros);
                }
            }
        }
    }

    /** Per hop (path order first), the microseconds recorded since the last call. */
    public Map<String, Histogram> interval() {
        Map<String, Histogram> byHop = new LinkedHashMap<>();
        HOPS.forEach(hop -> {
            Recorder recorder = recorders.get(hop);
            if (recorder != null) {
                byHop.put(hop, recorder.getIntervalHistogram());
            }
        });
        recorders.forEach((hop, recorder) -> byHop.computeIfAbsent(hop, h -> recorder.getIntervalHistogram()));
        return byHop;
    }
}
