package io.lakehouse.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one storage interface every daemon uses: keys are validated {@link ObjectKey}s under the store root.
 *
 * <p>Writes are atomic: a reader sees the old object or the new one, never a partial one.
 */
public interface ObjectStore extends AutoCloseable {

    /** Writes (or replaces) an object atomically. */
    void put(ObjectKey key, byte[] bytes) throws IOException;

    /**
     * Writes (or replaces) an object from a stream atomically, with bounded memory whatever the size.
     * {@code length} is the number of bytes when known, or -1. A stream that ends before {@code length} bytes, has
     * more, or throws fails the put with an IOException and leaves the previous object (or none) in place. The
     * caller closes the stream.
     */
    void put(ObjectKey key, InputStream in, long length) throws IOException;

    /**
     * Creates the object only when no object has that key; exactly one of concurrent callers gets {@code true}.
     * The basis for coordination (locks, manifests, journal segments): keys are created once, never compared and
     * swapped (ADR 0002). {@code false} means "some object exists"; in the rare case of a retried request whose first
     * attempt succeeded it is this caller's own, so read it back when the difference matters.
     */
    boolean putIfAbsent(ObjectKey key, byte[] bytes) throws IOException;

    /**
     * Opens an object for reading; empty when absent (a key that is only a prefix of other keys is absent). The
     * caller reads promptly (the S3 backend aborts a stream not read within 60 s) and closes the stream; closing
     * early is cheap.
     */
    Optional<InputStream> get(ObjectKey key) throws IOException;

    /** Reads a whole (small) object; empty when absent. */
    default Optional<byte[]> getBytes(ObjectKey key) throws IOException {
        Optional<InputStream> in = get(key);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream stream = in.get()) {
            return Optional.of(stream.readAllBytes());
        }
    }

    /**
     * Writes (or replaces) an object from a local file, atomically like {@link #put}, and consumes the file: afterwards
     * it is gone. The file system backend renames it into place when it is on the same file system (no bytes copied,
     * nothing left to delete), and copies it otherwise.
     */
    default void putFile(ObjectKey key, java.nio.file.Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            put(key, in, java.nio.file.Files.size(file));
        }
        java.nio.file.Files.delete(file);
    }

    /**
     * Moves {@code from} to {@code to} (replacing it): {@code to} appears atomically like a {@link #put}, then
     * {@code from} is gone; {@code false} (and nothing changed) when {@code from} is absent. The file system backend
     * renames, without moving any bytes.
     */
    default boolean move(ObjectKey from, ObjectKey to) throws IOException {
        Optional<ObjectInfo> info = stat(from);
        Optional<InputStream> in = info.isPresent() ? get(from) : Optional.empty();
        if (in.isEmpty()) {
            return false;
        }
        try (InputStream stream = in.get()) {
            put(to, stream, info.get().size());
        }
        delete(from);
        return true;
    }

    /** Size, entity tag and modification time of an object; empty when absent. */
    Optional<ObjectInfo> stat(ObjectKey key) throws IOException;

    /**
     * One page of keys starting with {@code prefix}, in lexicographic order, strictly after {@code startAfter}
     * (null for the first page), at most {@code maxKeys} of them.
     */
    ListPage list(String prefix, String startAfter, int maxKeys) throws IOException;

    /** Every object under {@code prefix} in lexicographic order, fetched page by page as the stream is consumed. */
    default Stream<ObjectInfo> listAll(String prefix) throws IOException {
        // Reject a bad prefix now rather than when the lazy stream is first consumed.
        ObjectKey.checkPrefix(prefix == null ? "" : prefix);
        return ListPage.stream(this, prefix);
    }

    /**
     * Opens {@code key} for appending in place, held exclusively by the returned handle until it is closed or the
     * process dies (a file lock on the file system). With {@code create} the object must not exist yet
     * ({@link java.nio.file.FileAlreadyExistsException} otherwise, and its parent is made durable with it); without,
     * an existing object is taken over (a log left behind by a writer that is gone; absent is
     * {@link java.nio.file.NoSuchFileException}). {@link ObjectBusyException} when another handle holds it.
     * Empty when the backend cannot append in place (S3): callers then write whole objects.
     */
    default Optional<AppendableObject> openAppendable(ObjectKey key, boolean create) throws IOException {
        return Optional.empty();
    }

    /** Deletes an object; returns whether it existed. Deleting an absent key is not an error. */
    boolean delete(ObjectKey key) throws IOException;

    /** A short description for logs and health, e.g. {@code file:/var/lib/lakehouse} or {@code s3://bucket/prefix}. */
    String describe();

    /** Cheap check that the store answers (used by readiness). */
    void ping() throws IOException;

    @Override
    default void close() throws IOException {
    }
}
