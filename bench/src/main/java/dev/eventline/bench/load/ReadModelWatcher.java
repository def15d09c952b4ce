package dev.eventline.bench.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Command accepted to read model updated: for sampled accepted commands, polls the ledger's
 * {@code accounts} view (every 5 ms, its own connections) until the account has the command's
 * version, and records the time since the 201 arrived.
 */
public final class ReadModelWatcher implements AutoCloseable {

    private record Watch(String account, long version, long acceptedNanos) {
    }

    private final BlockingQueue<Watch> watches = new LinkedBlockingQueue<>();
    private final Recorder recorder = new Recorder(3);
    private final AtomicLong lost = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    public ReadModelWatcher(String jdbcUrl, String user, String password, int threads) {
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(() -> watch(jdbcUrl, user, password), "read-model-watcher-" + i);
            thread.setDaemon(true);
            thread.start();
            this.threads.add(thread);
        }
    }

    /** From an {@code Eventline-Position} of an account command ({@code account/<id>@<version>}). */
    public void watch(String position, long acceptedNanos) {
        if (position == null || !position.startsWith("account/")) {
            return;
        }
        int at = position.lastIndexOf('@');
        watches.add(new Watch(position.substring("account/".length(), at), Long.parseLong(position.substring(at + 1)), acceptedNanos));
    }

    /** Latencies (µs) recorded since the last call; positions not seen within 30 s count in {@link #lost()}. */
    public Histogram interval() {
        return recorder.getIntervalHistogram();
    }

    public long lost() {
        return lost.get();
    }

    private void watch(String jdbcUrl, String user, String password) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement version = connection.prepareStatement("select version from accounts where id = ?")) {
            while (running) {
                Watch watch = watches.poll(200, TimeUnit.MILLISECONDS);
                if (watch == null) {
                    continue;
                }
                long deadline = watch.acceptedNanos() + TimeUnit.SECONDS.toNanos(30);
                while (running) {
                    version.setString(1, watch.account());
                    try (ResultSet rs = version.executeQuery()) {
                        if (rs.next() && rs.getLong(1) >= watch.version()) {
                            recorder.recordValue(Math.max(0, (System.nanoTime() - watch.acceptedNanos()) / 1000));
                            break;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        lost.incrementAndGet();
                        break;
                    }
                    Thread.sleep(5);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("read-model watcher failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(2000);
        }
    }
}
