package io.lakehouse.journal;

import java.time.Duration;

/**
 * How a journal batches and retries.
 *
 * @param queueCapacity   appends waiting for the committer; past it {@link Journal#append} refuses (backpressure)
 * @param maxBatchEntries entries one group commit (one segment object) holds at most
 * @param maxBatchBytes   payload bytes one group commit holds at most (a single larger append still goes alone)
 * @param window          how long the committer waits for more appends after the first, when appends were already
 *                        queued as it came back from the previous write (writers outpace the flush); a lone writer
 *                        never waits. Zero commits at once, which already groups whatever queued up meanwhile
 * @param retryBudget     how long a segment write is retried on I/O errors before the journal gives up and fails
 *                        (whole-object segments, S3; an error appending to a local segment fails it at once)
 * @param segmentBytes    on a store that appends in place (the file system), the size at which the open segment
 *                        is sealed and a new one started
 */
public record JournalSettings(int queueCapacity, int maxBatchEntries, int maxBatchBytes, Duration window,
                              Duration retryBudget, long segmentBytes) {
    /** Open segments are sealed at 4 MiB: followers re-read the open one, so it stays small. */
    public static final long DEFAULT_SEGMENT_BYTES = 4L << 20;

    public JournalSettings {
        if (queueCapacity < 1 || maxBatchEntries < 1 || maxBatchBytes < 1 || segmentBytes < 1) {
            throw new IllegalArgumentException("journal queue and batch limits must be positive");
        }
        if (window == null || window.isNegative() || retryBudget == null || retryBudget.isNegative()) {
            throw new IllegalArgumentException("journal window and retry budget must be >= 0");
        }
    }

    /** Settings with the default segment size. */
    public JournalSettings(int queueCapacity, int maxBatchEntries, int maxBatchBytes, Duration window,
                           Duration retryBudget) {
        this(queueCapacity, maxBatchEntries, maxBatchBytes, window, retryBudget, DEFAULT_SEGMENT_BYTES);
    }

    /** Defaults sized for this machine: 32-entry groups already reach tens of thousands of entries/s. */
    public static JournalSettings defaults() {
        return new JournalSettings(65_536, 10_000, 8 << 20, Duration.ZERO, Duration.ofSeconds(10), DEFAULT_SEGMENT_BYTES);
    }
}
