package io.lakehouse.observerd.stats;

import io.lakehouse.observerd.observation.Observation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * Counts, errors, durations, tokens and cost per (agent, kind, name) over the sliding windows of {@link Window},
 * answered from memory in bounded space.
 *
 * <p>Each series keeps one ring of slots per window (12 + 1, 10 + 1 and 12 + 1 slots); a slot holds sums and a
 * {@link PackedHistogram} of durations in microseconds with the configured significant digits (2 digits: values
 * are reported within 1 % of the recorded ones). Packed histograms take memory in proportion to the distinct
 * values recorded, not to the trackable range. Series past {@code maxSeries} are merged into one
 * {@code (other)} series; a series with nothing in the longest window is dropped.
 *
 * <p>Observations count at their {@code ended_at} (a time in the future counts as now; one older than the
 * longest window is not counted). Thread-safe: one lock, held per batch by the writer and per query by readers.
 */
public final class LiveStats {
    static final String OTHER = "(other)";
    /** Durations above an hour are recorded as an hour: the histograms' range. */
    static final long MAX_MICROS = 3_600_000_000L;
    private static final Window[] WINDOWS = Window.values();

    private final int maxSeries;
    private final int digits;
    private final LongSupplier clock;
    private final Map<Key, Series> series = new HashMap<>();
    private long lastSweep;

    public LiveStats(int maxSeries, int significantDigits, LongSupplier clockMillis) {
        this.maxSeries = maxSeries;
        this.digits = significantDigits;
        this.clock = clockMillis;
    }

    record Key(String agent, String kind, String name) {
    }

    /** Records a batch of observations. */
    public synchronized void record(List<Observation> batch) {
        long now = clock.getAsLong();
        long oldest = now - WINDOWS[WINDOWS.length - 1].length().toMillis() - WINDOWS[WINDOWS.length - 1].slotMillis();
        Observation previous = null;
        Series last = null;
        for (Observation o : batch) {
            long at = Math.min(now, o.endedNanos() / 1_000_000L);
            if (at < oldest) {
                continue;
            }
            // Neighbours in a batch mostly share agent, kind and name (one String each, from the codec): no lookup.
            if (previous != null && o.agent() == previous.agent() && o.kind() == previous.kind()
                    && o.name() == previous.name()) {
                last.record(at, o);
                continue;
            }
            Key k = new Key(o.agent(), o.kind(), o.name());
            Series s = series.get(k);
            if (s == null) {
                if (series.size() >= maxSeries - 1) {
                    k = new Key(OTHER, OTHER, OTHER);
                    s = series.get(k);
                }
                if (s == null) {
                    s = new Series(digits);
                    series.put(k, s);
                }
            }
            s.record(at, o);
            previous = o;
            last = s;
        }
        if (now - lastSweep > 60_000) {
            sweep(now);
        }
    }

    /** Drops series with nothing in the longest window. */
    private void sweep(long now) {
        lastSweep = now;
        Window longest = WINDOWS[WINDOWS.length - 1];
        long first = now / longest.slotMillis() - longest.slots();
        series.values().removeIf(s -> s.lastSlot(longest) < first);
    }

    public synchronized int seriesCount() {
        return series.size();
    }

    /** The window's figures per (agent, name) and in total, for series matching the filters (null = any). */
    public synchronized Report query(Window window, String agent, String kind) {
        long now = clock.getAsLong();
        long current = now / window.slotMillis();
        long first = current - window.slots();
        Agg total = new Agg(digits);
        Map<List<String>, Agg> groups = new LinkedHashMap<>();
        for (Map.Entry<Key, Series> e : series.entrySet()) {
            Key k = e.getKey();
            if ((agent != null && !agent.equals(k.agent())) || (kind != null && !kind.equals(k.kind()))) {
                continue;
            }
            Agg g = null;
            for (Slot slot : e.getValue().rings[window.ordinal()]) {
                if (slot == null || slot.index < first || slot.index > current || slot.count == 0) {
                    continue;
                }
                if (g == null) {
                    g = groups.computeIfAbsent(List.of(k.agent(), k.name()), x -> new Agg(digits));
                }
                g.add(slot);
                total.add(slot);
            }
        }
        List<Report.Group> list = new ArrayList<>(groups.size());
        groups.forEach((k, g) -> list.add(new Report.Group(k.get(0), k.get(1), g.figures())));
        list.sort(Comparator.comparing(Report.Group::agent).thenComparing(Report.Group::name));
        long windowStart = first * window.slotMillis();
        return new Report(window.label(), windowStart, now, total.figures(), list);
    }

    /** The answer of {@link #query}. */
    public record Report(String window, long fromMillis, long toMillis, Figures total, List<Group> groups) {
        /** One (agent, name) pair's figures. */
        public record Group(String agent, String name, Figures figures) {
        }
    }

    /** Figures of a set of observations; percentiles in milliseconds, NaN when there are no observations. */
    public record Figures(long count, long errors, double errorRate, double p50Ms, double p95Ms, double p99Ms,
                          double maxMs, long inputTokens, long outputTokens, double costUsd) {
    }

    private static final class Series {
        final Slot[][] rings = new Slot[WINDOWS.length][];
        final int digits;

        Series(int digits) {
            this.digits = digits;
            for (Window w : WINDOWS) {
                rings[w.ordinal()] = new Slot[w.slots() + 1];
            }
        }

        void record(long atMillis, Observation o) {
            for (Window w : WINDOWS) {
                long index = atMillis / w.slotMillis();
                Slot[] ring = rings[w.ordinal()];
                int i = (int) (index % ring.length);
                Slot s = ring[i];
                if (s == null) {
                    s = new Slot(digits);
                    ring[i] = s;
                }
                if (s.index != index) {
                    if (s.index > index) {
                        continue; // older than what the ring holds: outside this window
                    }
                    s.reset(index);
                }
                s.record(o);
            }
        }

        long lastSlot(Window w) {
            long last = Long.MIN_VALUE;
            for (Slot s : rings[w.ordinal()]) {
                if (s != null && s.count > 0) {
                    last = Math.max(last, s.index);
                }
            }
            return last;
        }
    }

    private static final class Slot {
        long index = Long.MIN_VALUE;
        long count;
        long errors;
        long inputTokens;
        long outputTokens;
        double costUsd;
        final Histogram durations;

        Slot(int digits) {
            durations = new PackedHistogram(MAX_MICROS, digits);
        }

        void reset(long newIndex) {
            index = newIndex;
            count = 0;
            errors = 0;
            inputTokens = 0;
            outputTokens = 0;
            costUsd = 0;
            durations.reset();
        }

        void record(Observation o) {
            count++;
            errors += o.error() ? 1 : 0;
            inputTokens += Math.max(0, o.inputTokens());
            outputTokens += Math.max(0, o.outputTokens());
            costUsd += o.hasCost() ? o.costUsd() : 0;
            durations.recordValue(Math.min(MAX_MICROS, Math.max(0, o.durationNanos() / 1_000L)));
        }
    }

    private static final class Agg {
        long count;
        long errors;
        long inputTokens;
        long outputTokens;
        double costUsd;
        final Histogram durations;

        Agg(int digits) {
            durations = new PackedHistogram(MAX_MICROS, digits);
        }

        void add(Slot s) {
            count += s.count;
            errors += s.errors;
            inputTokens += s.inputTokens;
            outputTokens += s.outputTokens;
            costUsd += s.costUsd;
            durations.add(s.durations);
        }

        Figures figures() {
            if (count == 0) {
                return new Figures(0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0);
            }
            return new Figures(count, errors, (double) errors / count, ms(50), ms(95), ms(99),
                    durations.getMaxValue() / 1_000.0, inputTokens, outputTokens, costUsd);
        }

        /** The percentile as the histogram reports it (its highest equivalent value), in milliseconds. */
        private double ms(double percentile) {
            return durations.getValueAtPercentile(percentile) / 1_000.0;
        }
    }
}
