package io.lakehouse.shared.ids;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Time-ordered identifiers (UUIDv7, RFC 9562): sortable by creation time, unique across replicas. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    // Monotonic within a process even when the clock does not advance between calls.
    private static final AtomicLong LAST = new AtomicLong();

    private Ids() {
    }

    /** A new UUIDv7 in its canonical text form. */
    public static String newId() {
        return newUuid().toString();
    }

    /** A new UUIDv7: 48 bits of Unix milliseconds, a 12-bit sequence within the millisecond, 62 random bits. */
    public static UUID newUuid() {
        long now = System.currentTimeMillis();
        long stamp = LAST.updateAndGet(prev -> Math.max(prev + 1, now << 12));
        long millis = stamp >>> 12;
        long seq = stamp & 0xFFF;
        long msb = (millis << 16) | 0x7000L | seq;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
