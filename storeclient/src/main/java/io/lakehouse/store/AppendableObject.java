package io.lakehouse.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An object written in place by appending, held exclusively by one handle: a log's active segment on a backend that
 * can append (the file system). Readers may see it while it grows, followed by zero bytes the backend reserved for
 * later appends; what {@link #sync} returned for is durable. When complete it is {@link #seal sealed} into an
 * ordinary create-only object of exactly the bytes written. Obtained from
 * {@link ObjectStore#openAppendable}.
 */
public interface AppendableObject extends Closeable {

    ObjectKey key();

    /** Bytes written (not necessarily synced), reserved zeros not counted. */
    long size() throws IOException;

    /** Appends all of {@code bytes} at the end; durable only after {@link #sync}. */
    void write(ByteBuffer bytes) throws IOException;

    /** Makes everything written so far durable (fdatasync). */
    void sync() throws IOException;

    /** Cuts the object to {@code size} bytes (drops a torn tail); durable after {@link #sync}. */
    void truncate(long size) throws IOException;

    /**
     * Publishes the content (synced by the caller) as the create-only object {@code target}, removes this object and
     * closes the handle. Returns false, changing nothing, when {@code target} already exists.
     */
    boolean seal(ObjectKey target) throws IOException;

    /** Drops this object (and closes the handle); its content is abandoned. */
    void delete() throws IOException;

    /** Releases the exclusive hold without removing anything. */
    @Override
    void close() throws IOException;
}
