package dev.eventline.bench.profile;

/** A process that keeps one core busy in a frame of its own, for the profiler to find. */
public final class Spinner {

    private Spinner() {
    }

    public static void main(String[] args) {
        System.out.println("spinning");
        System.out.flush();
        long sum = 0;
        while (true) {
            sum += spin(sum);
        }
    }

    static long spin(long seed) {
        long x = seed;
        for (int i = 0; i < 1_000_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x & 1;
    }
}
