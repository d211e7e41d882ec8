package rnn.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a pass's time goes, for bench/profile: nanoseconds per part, summed over every worker thread.
 * Off unless the JVM runs with -Drnn.profile=true; then each timed call costs two System.nanoTime().
 * Off, {@link #ON} is a constant false and HotSpot drops the timing code.
 */
public final class Profile {
    public static final boolean ON = Boolean.getBoolean("rnn.profile");

    /** The parts of a pass: the per-step products, the whole-sequence ones (BLAS), the cells, and copies. */
    public enum Part { STEP_PRODUCTS, SEQUENCE_PRODUCTS, CELLS, COPIES }

    private static final Map<Part, LongAdder> NANOS = new EnumMap<>(Part.class);

    static {
        for (Part part : Part.values()) {
            NANOS.put(part, new LongAdder());
        }
    }

    private Profile() {
    }

    static long start() {
        return ON ? System.nanoTime() : 0;
    }

    static void stop(Part part, long start) {
        if (ON) {
            NANOS.get(part).add(System.nanoTime() - start);
        }
    }

    /** Milliseconds per part since the last call, summed over threads; resets the counters. */
    public static Map<Part, Double> drainMillis() {
        Map<Part, Double> millis = new EnumMap<>(Part.class);
        NANOS.forEach((part, nanos) -> millis.put(part, nanos.sumThenReset() / 1e6));
        return millis;
    }
}
