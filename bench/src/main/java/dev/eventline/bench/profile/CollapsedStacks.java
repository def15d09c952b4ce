package dev.eventline.bench.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CPU profile in async-profiler's collapsed form (one line per distinct stack: the thread, then
 * frames from the root, separated by {@code ;}, then the sample count), summed up the way one reads
 * its flame graph: which threads take the samples, which frames are on top of the stack (self time),
 * and which of our own frames the samples pass through (inclusive time).
 */
public final class CollapsedStacks {

    /** A frame or thread and its share of all samples. */
    public record Share(String name, long samples, double fraction) {
    }

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TID = Pattern.compile(" ?tid=\\d+");
    /** A pool member's number: StreamThread-1, CompilerThread0, pool-3-thread-2 (not the 2 of "C2"). */
    private static final Pattern NUMBER = Pattern.compile("(?<=[-#_]|Thread)\\d+");
    /** async-profiler's frame type suffix: _[j] JIT-compiled, _[i] interpreted, _[k] kernel... */
    private static final Pattern FRAME_TYPE = Pattern.compile("_\\[[a-z0-9]+\\]$");
    /** A lambda's generated class: Owner$$Lambda$880.0x00007f855c744f48 (numbered per JVM run). */
    private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda\\$?[0-9]*(\\.0x[0-9a-f]+)?(/0x[0-9a-f]+)?");

    private final String ownPrefix;
    private final Map<String, Long> threads = new HashMap<>();
    private final Map<String, Long> self = new HashMap<>();
    private final Map<String, Long> own = new HashMap<>();
    private long samples;

    private CollapsedStacks(String ownPrefix) {
        this.ownPrefix = ownPrefix;
    }

    /** Reads collapsed stacks recorded with threads ({@code -t}); {@code ownPackage} like {@code dev.eventline}. */
    public static CollapsedStacks read(Reader collapsed, String ownPackage) throws IOException {
        CollapsedStacks stacks = new CollapsedStacks(ownPackage.replace('.', '/') + "/");
        BufferedReader lines = new BufferedReader(collapsed);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            stacks.add(line);
        }
        return stacks;
    }

    private void add(String line) {
        int space = line.lastIndexOf(' ');
        if (space <= 0) {
            return;
        }
        long count = Long.parseLong(line.substring(space + 1).trim());
        String[] frames = line.substring(0, space).split(";");
        samples += count;
        String root = frames[0];
        boolean hasThread = root.startsWith("[") && root.endsWith("]");
        threads.merge(hasThread ? thread(root) : "(no thread recorded)", count, Long::sum);
        if (frames.length > (hasThread ? 1 : 0)) {
            self.merge(frame(frames[frames.length - 1]), count, Long::sum);
        }
        Set<String> seen = new HashSet<>(); // a recursive frame counts once per sample
        for (int i = hasThread ? 1 : 0; i < frames.length; i++) {
            if (frames[i].startsWith(ownPrefix)) {
                String name = frame(frames[i]);
                if (seen.add(name)) {
                    own.merge(name, count, Long::sum);
                }
            }
        }
    }

    /** {@code [kafka-producer-network-thread | x-8c3f...-StreamThread-1-producer tid=123]} as {@code ...-StreamThread-N-producer}. */
    static String thread(String root) {
        String name = TID.matcher(root.substring(1, root.length() - 1)).replaceAll("");
        return NUMBER.matcher(UUID.matcher(name).replaceAll("*")).replaceAll("N");
    }

    static String frame(String frame) {
        return LAMBDA.matcher(FRAME_TYPE.matcher(frame).replaceAll("")).replaceAll(Matcher.quoteReplacement("$$Lambda")).replace('/', '.');
    }

    public long samples() {
        return samples;
    }

    /** Threads (numbers folded, so that a pool is one line) by samples. */
    public List<Share> topThreads(int n) {
        return top(threads, n);
    }

    /** Frames on top of the stack: where the CPU time is spent itself. */
    public List<Share> topSelf(int n) {
        return top(self, n);
    }

    /** Our own frames by the samples that pass through them. */
    public List<Share> topOwn(int n) {
        return top(own, n);
    }

    private List<Share> top(Map<String, Long> counts, int n) {
        Comparator<Map.Entry<String, Long>> bySamples = Map.Entry.comparingByValue(Comparator.reverseOrder());
        return counts.entrySet().stream().sorted(bySamples.thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(e -> new Share(e.getKey(), e.getValue(), samples == 0 ? 0 : (double) e.getValue() / samples)).toList();
    }
}
