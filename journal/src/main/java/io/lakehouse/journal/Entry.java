package io.lakehouse.journal;

/** One journal entry: its sequence number (consecutive from 1) and the caller's opaque payload. */
public record Entry(long seq, byte[] payload) {
}
