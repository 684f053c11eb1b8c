package io.lakehouse.materializer.run;

import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run per dataset at a time, across replicas: a lease in the store.
 *
 * <p>Generations {@code locks/<dataset>/<n>.lock} are created with {@code putIfAbsent}, so of two replicas that both
 * see generation n expired exactly one creates n+1. A lease is free when its newest generation is released
 * ({@code <n>.released}) or past its {@code expires_at}; the holder renews it by rewriting its own generation.
 */
final class LeaseLock {
    private static final Pattern GEN = Pattern.compile(".*/(\\d{12})\\.(lock|released)$");

    private final ObjectStore store;
    private final Duration ttl;
    private final Clock clock;
    private final String owner;

    LeaseLock(ObjectStore store, Duration ttl, Clock clock, String owner) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
        this.owner = owner;
    }

    /** A held lease. */
    final class Lease implements AutoCloseable {
        private final String dataset;
        private final long generation;

        private Lease(String dataset, long generation) {
            this.dataset = dataset;
            this.generation = generation;
        }

        /** Extends the lease by the TTL from now. */
        void renew() throws IOException {
            store.put(lockKey(dataset, generation), body());
        }

        @Override
        public void close() throws IOException {
            store.put(releasedKey(dataset, generation), new byte[0]);
        }
    }

    /** The lease, or empty when another holder's lease is live. */
    Optional<Lease> tryAcquire(String dataset) throws IOException {
        String prefix = Layout.lockPrefix(dataset);
        long newest = -1;
        boolean released = false;
        List<ObjectInfo> all;
        try (Stream<ObjectInfo> s = store.listAll(prefix)) {
            all = s.toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (ObjectInfo info : all) {
            Matcher m = GEN.matcher(info.key().value());
            if (!m.matches()) {
                continue;
            }
            long g = Long.parseLong(m.group(1));
            if (g > newest) {
                newest = g;
                released = m.group(2).equals("released");
            } else if (g == newest && m.group(2).equals("released")) {
                released = true;
            }
        }
        if (newest >= 0 && !released && !expired(lockKey(dataset, newest))) {
            return Optional.empty();
        }
        long next = newest + 1;
        if (!store.putIfAbsent(lockKey(dataset, next), body())) {
            return Optional.empty();
        }
        // Older generations can never be current again; keep the one before ours for a late reader.
        for (ObjectInfo info : all) {
            Matcher m = GEN.matcher(info.key().value());
            if (m.matches() && Long.parseLong(m.group(1)) < next - 1) {
                store.delete(info.key());
            }
        }
        return Optional.of(new Lease(dataset, next));
    }

    private boolean expired(ObjectKey key) throws IOException {
        Optional<byte[]> bytes = store.getBytes(key);
        if (bytes.isEmpty()) {
            return true;
        }
        String s = new String(bytes.get(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"expires_at\":\"([^\"]+)\"").matcher(s);
        if (!m.find()) {
            return true;
        }
        try {
            return Instant.parse(m.group(1)).isBefore(clock.instant());
        } catch (RuntimeException e) {
            return true;
        }
    }

    private byte[] body() {
        Instant now = clock.instant();
        return ("{\"owner\":\"" + owner + "\",\"acquired_at\":\"" + now + "\",\"expires_at\":\"" + now.plus(ttl)
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectKey lockKey(String dataset, long generation) {
        return ObjectKey.of(Layout.lockPrefix(dataset) + String.format("%012d.lock", generation));
    }

    private static ObjectKey releasedKey(String dataset, long generation) {
        return ObjectKey.of(Layout.lockPrefix(dataset) + String.format("%012d.released", generation));
    }
}
