package io.lakehouse.queryd.sql;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels statements that run past the statement timeout, from one thread that sleeps until the earliest deadline.
 *
 * <p>Every statement gets the same timeout, so deadlines arrive in the order statements start and a new one is
 * never earlier than those already watched: the thread never needs waking when a statement starts (a timer queue
 * signals its thread whenever a task becomes its head, i.e. for nearly every statement, and on 2 cores that extra
 * wake-up competes with DuckDB's own threads). Idle, it wakes once per timeout; watching, at the head's deadline.
 */
final class StatementWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatementWatchdog.class);

    private final long timeoutNanos;
    /** Running statements in start order, hence deadline order (give or take the instant between the two). */
    private final ConcurrentLinkedQueue<Watch> running = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    StatementWatchdog(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.thread = Thread.ofPlatform().daemon().name("queryd-timeout").start(this::loop);
    }

    /** Watches {@code statement} from now on: past the timeout it is cancelled and {@code timedOut} set. */
    Watch watch(Statement statement, AtomicBoolean timedOut) {
        Watch w = new Watch(statement, timedOut, System.nanoTime() + timeoutNanos);
        running.add(w);
        return w;
    }

    private void loop() {
        while (!closed) {
            long now = System.nanoTime();
            long wait = timeoutNanos;
            for (Watch w : running) {
                long left = w.deadline - now;
                if (left > 0) {
                    wait = left;
                    break;
                }
                running.remove(w);
                w.fire();
            }
            LockSupport.parkNanos(this, wait);
        }
    }

    /**
     * One statement's deadline. Closing it and the deadline firing exclude each other, so once {@link #close()}
     * returned the statement is never cancelled later (a cached statement lives on for the next request).
     */
    final class Watch implements AutoCloseable {
        private final Statement statement;
        private final AtomicBoolean timedOut;
        private final long deadline;
        private boolean finished;

        private Watch(Statement statement, AtomicBoolean timedOut, long deadline) {
            this.statement = statement;
            this.timedOut = timedOut;
            this.deadline = deadline;
        }

        private synchronized void fire() {
            if (finished) {
                return;
            }
            timedOut.set(true);
            try {
                statement.cancel();
            } catch (SQLException e) {
                LOG.debug("cancel failed: {}", e.getMessage());
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                finished = true;
            }
            // At most max-concurrent-statements entries: a short walk.
            running.remove(this);
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
