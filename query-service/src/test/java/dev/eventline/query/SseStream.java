package dev.eventline.query;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.eventline.testkit.Http;

/** A Server-Sent Events client: parses the stream as EventSource does and queues each event. */
final class SseStream implements AutoCloseable {

    record Message(String id, String event, String data) {
    }

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    final int status;
    private final Thread reader;

    SseStream(Http http, String path, String token, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.base.resolve(path)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = http.client().send(request.build(), HttpResponse.BodyHandlers.ofLines());
        status = response.statusCode();
        lines = response.body();
        reader = new Thread(this::read, "sse-" + path);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0 || event != null) {
                        messages.add(new Message(id, event == null ? "message" : event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).trim());
                }
            }
        } catch (RuntimeException e) {
            // closed
        }
    }

    /** The next {@code count} data messages (heartbeats skipped), waiting at most {@code patience} in all. */
    List<Message> next(int count, Duration patience) throws InterruptedException {
        List<Message> got = new ArrayList<>();
        long deadline = System.nanoTime() + patience.toNanos();
        while (got.size() < count) {
            long left = deadline - System.nanoTime();
            Message m = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                break;
            }
            if (!m.event().equals("heartbeat")) {
                got.add(m);
            }
        }
        return got;
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
    }
}
