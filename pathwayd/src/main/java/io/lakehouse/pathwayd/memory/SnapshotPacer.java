package io.lakehouse.pathwayd.memory;

import java.io.InterruptedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a background snapshot to a share of one core: after every chunk of work it sleeps in proportion to the CPU
 * the chunk took ({@code cpu * (1 / share - 1)}), so the writer never takes a burst of CPU from the request threads
 * (the rate limiting of PostgreSQL's spread checkpoints and vacuum cost delay, RocksDB's compaction rate limiter).
 *
 * <p>Used by one thread, the writer's. It must only be ticked with no lock held that a writer of the state could wait
 * for: it sleeps inside {@link #tick}. {@code stop} cuts a sleep short and ends the snapshot (close()).
 */
final class SnapshotPacer {
    /** Units of work (a memory's history placed, an entry written) between two looks at the thread's CPU time. */
    static final int CHUNK = 1024;
    /** The least CPU between two pauses: shorter pauses would cost more in wake-ups than they spread. */
    static final long MIN_RUN_NANOS = 2_000_000;

    /** A pacer that never sleeps: the final snapshot at shutdown, and explicit calls. */
    static final SnapshotPacer UNPACED = new SnapshotPacer(1.0, null);

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final double share;
    private final CountDownLatch stop;
    private final boolean threadCpu;
    private int count;
    private long chunkStart = -1;
    private long cpuNanos;
    private long sleptNanos;
    private long sleeps;
    private long longestChunkNanos;

    /**
     * @param share the share of one core the writer may use, (0, 1]; 1 never sleeps
     * @param stop  counted down to end the snapshot at the next tick (null: never)
     */
    SnapshotPacer(double share, CountDownLatch stop) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("cpu share must be in (0, 1]: " + share);
        }
        this.share = share;
        this.stop = stop;
        this.threadCpu = share < 1 && THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }

    boolean paced() {
        return share < 1;
    }

    double share() {
        return share;
    }

    /**
     * One unit of work done; every {@link #CHUNK} units, once at least {@link #MIN_RUN_NANOS} of CPU was spent since
     * the last pause, sleeps that off.
     */
    void tick() throws Stopped {
        if (share >= 1) {
            return;
        }
        if (chunkStart < 0) {
            chunkStart = now(); // the first unit: measured from here
        }
        if (++count < CHUNK) {
            return;
        }
        count = 0;
        long spent = now() - chunkStart;
        if (spent < MIN_RUN_NANOS && (stop == null || stop.getCount() > 0)) {
            return; // cheap units (placing a memory is ~0.1 us): run on, rather than pause for microseconds
        }
        cpuNanos += spent;
        longestChunkNanos = Math.max(longestChunkNanos, spent);
        long sleep = (long) (spent * (1 / share - 1));
        if (sleep > 0) {
            sleeps++;
            sleptNanos += sleep;
            try {
                if (stop != null ? stop.await(sleep, TimeUnit.NANOSECONDS) : sleepFor(sleep)) {
                    throw new Stopped("pathwayd is closing");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped("interrupted");
            }
        } else if (stop != null && stop.getCount() == 0) {
            throw new Stopped("pathwayd is closing");
        }
        chunkStart = now();
    }

    /** The snapshot was ended by {@code stop} (or an interrupt) before it was complete; nothing was stored. */
    static final class Stopped extends InterruptedIOException {
        Stopped(String why) {
            super("snapshot stopped: " + why);
        }
    }

    private static boolean sleepFor(long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(nanos);
        return false;
    }

    /** The thread's CPU time, or wall time where the JVM cannot measure it (then the share is of wall time). */
    private long now() {
        return threadCpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** CPU measured over the chunks paced so far (the last partial chunk not counted). */
    long cpuNanos() {
        return cpuNanos;
    }

    /** Sleep asked for so far (the sleeps themselves may run a little longer). */
    long sleptNanos() {
        return sleptNanos;
    }

    long sleeps() {
        return sleeps;
    }

    /** The most CPU one chunk took: the longest the writer ran without a pause. */
    long longestChunkNanos() {
        return longestChunkNanos;
    }
}
