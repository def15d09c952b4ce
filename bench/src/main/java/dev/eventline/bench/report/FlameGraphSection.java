package dev.eventline.bench.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.eventline.bench.profile.CollapsedStacks;
import dev.eventline.bench.profile.CollapsedStacks.Share;
import dev.eventline.bench.profile.FlameGraphs.ServiceProfile;

/** Where each service's CPU went under load: a link to its flame graph, and its top threads and frames in words. */
final class FlameGraphSection {

    private FlameGraphSection() {
    }

    static String markdown(int rate, int seconds, List<ServiceProfile> profiles, Path reportDirectory) {
        StringBuilder md = new StringBuilder("## Where the CPU goes: flame graphs\n\n");
        md.append(String.format(Locale.ROOT, "async-profiler (CPU, every thread, 2 ms interval) attached to each service for %d s of "
                + "synchronous commands at %,d/s, after the measured steps (so it does not disturb them). Open a flame graph in a browser: "
                + "width is CPU time, a frame's callers are below it. \"Own\" frames are Eventline's (`dev.eventline`): the samples that "
                + "pass through them, callees included. Kernel frames on top of the stack are system calls and page faults (on a virtual "
                + "machine, `pvm_irq_enable` is where the guest kernel took the sample: sockets, futexes and the like).%n", seconds, rate));
        for (ServiceProfile profile : profiles) {
            CollapsedStacks stacks = profile.stacks();
            md.append(String.format(Locale.ROOT, "%n### %s: [flame graph](%s), %,d samples%n%n", profile.service(),
                    reportDirectory.relativize(profile.flameGraph()).toString().replace('\\', '/'), stacks.samples()));
            md.append("| threads | % | on top of the stack (self) | % | own frames (inclusive) | % |\n|---|---:|---|---:|---|---:|\n");
            List<Share> threads = stacks.topThreads(8);
            List<Share> self = stacks.topSelf(8);
            List<Share> own = stacks.topOwn(8);
            for (int i = 0; i < Math.max(threads.size(), Math.max(self.size(), own.size())); i++) {
                md.append(cells(threads, i)).append(cells(self, i)).append(cells(own, i)).append("|\n");
            }
        }
        return md.toString();
    }

    private static String cells(List<Share> shares, int row) {
        if (row >= shares.size()) {
            return "| | ";
        }
        Share share = shares.get(row);
        return String.format(Locale.ROOT, "| `%s` | %.1f ", shorten(share.name()), 100 * share.fraction());
    }

    /** Package names shortened to their initials, as flame graphs are read: {@code d.e.command.decide.DecideProcessor.process}. */
    static String shorten(String frame) {
        String[] parts = frame.split("\\.");
        if (parts.length <= 3) {
            return frame.replace("|", "\\|");
        }
        StringBuilder shortened = new StringBuilder();
        for (int i = 0; i < parts.length - 2; i++) {
            shortened.append(Character.isLowerCase(parts[i].charAt(0)) && i < parts.length - 4 ? parts[i].substring(0, 1) : parts[i]).append('.');
        }
        return shortened.append(parts[parts.length - 2]).append('.').append(parts[parts.length - 1]).toString().replace("|", "\\|");
    }
}
