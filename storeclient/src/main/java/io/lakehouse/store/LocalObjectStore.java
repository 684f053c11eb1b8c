package io.lakehouse.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The file system backend: one file per object under a root directory.
 *
 * <p>Every write goes to a temp file under {@code .staging/} on the same file system, is fsynced, then renamed
 * (replace) or hard-linked (create-only) into place, and the directory is fsynced: a reader never sees a partial
 * object and an acknowledged write survives a crash.
 */
public final class LocalObjectStore implements ObjectStore {

    /** Top-level directory for in-flight temp files; never listed, and no key may live under it. */
    static final String STAGING = ".staging";

    /** Tries at a commit that races a delete pruning the parent directory. */
    private static final int COMMIT_ATTEMPTS = 5;

    private static final AtomicLong LAST_MTIME = new AtomicLong();

    private final Path root;
    private final Path staging;

    public LocalObjectStore(Path root) {
        this.root = Objects.requireNonNull(root, "root is null").toAbsolutePath().normalize();
        this.staging = this.root.resolve(STAGING);
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create store directory " + staging + ": " + e.getMessage(), e);
        }
    }

    /** The root directory of the store. */
    public Path root() {
        return root;
    }

    /** The file that holds {@code key}; callers such as DuckDB read it directly. */
    public Path pathOf(ObjectKey key) {
        Path p = root.resolve(Objects.requireNonNull(key, "key is null").value()).normalize();
        if (!p.startsWith(root) || p.startsWith(staging)) {
            // ObjectKey already forbids '..'; this guards against a future change of that rule.
            throw new InvalidKeyException(key.value(), "key resolves outside the store");
        }
        return p;
    }

    @Override
    public void put(ObjectKey key, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes is null");
        Path target = pathOf(key);
        commitReplace(writeTemp(out -> out.write(bytes)), target);
    }

    @Override
    public void put(ObjectKey key, InputStream in, long length) throws IOException {
        Objects.requireNonNull(in, "in is null");
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or non-negative: " + length);
        }
        Path target = pathOf(key);
        commitReplace(writeTemp(out -> copy(in, out, length)), target);
    }

    @Override
    public boolean putIfAbsent(ObjectKey key, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes is null");
        Path target = pathOf(key);
        if (Files.exists(target)) {
            return false;
        }
        Path tmp = writeTemp(out -> out.write(bytes));
        try {
            for (int attempt = 1; ; attempt++) {
                createParents(target);
                try {
                    // link(2) fails when the name exists, so exactly one concurrent creator wins.
                    Files.createLink(target, tmp);
                    break;
                } catch (NoSuchFileException e) {
                    // A concurrent delete pruned the empty parent after we created it: create it again.
                    if (attempt == COMMIT_ATTEMPTS) {
                        throw e;
                    }
                }
            }
            fsyncDirectory(target.getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The file is fsynced, then renamed into place (copied when it is on another file system) and the directory fsynced. */
    @Override
    public void putFile(ObjectKey key, Path file) throws IOException {
        Path target = pathOf(key);
        Path tmp = staging.resolve(UUID.randomUUID() + ".tmp");
        try {
            Files.move(file, tmp, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Another file system: copy like any stream, then drop the file.
            try (InputStream in = Files.newInputStream(file)) {
                put(key, in, Files.size(file));
            }
            Files.delete(file);
            return;
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            Files.setLastModifiedTime(tmp, uniqueNow());
            ch.force(true);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        commitReplace(tmp, target);
    }

    /**
     * A rename: the source's bytes were fsynced when it was written, so only the rename is made durable (one journal
     * transaction covers both directories; the target's directory is fsynced).
     */
    @Override
    public boolean move(ObjectKey from, ObjectKey to) throws IOException {
        Path source = pathOf(from);
        Path target = pathOf(to);
        try {
            if (!Files.readAttributes(source, BasicFileAttributes.class).isRegularFile()) {
                return false;
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return false;
        }
        for (int attempt = 1; ; attempt++) {
            createParents(target);
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                break;
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("store directory does not support atomic rename: " + target.getParent(), e);
            } catch (NoSuchFileException e) {
                if (!Files.exists(source)) {
                    return false; // moved or deleted by someone else meanwhile
                }
                // A concurrent delete pruned the target's empty parent after we created it: create it again.
                if (attempt == COMMIT_ATTEMPTS) {
                    throw e;
                }
            }
        }
        fsyncDirectory(target.getParent());
        pruneEmptyParents(source.getParent());
        return true;
    }

    @Override
    public Optional<AppendableObject> openAppendable(ObjectKey key, boolean create) throws IOException {
        Path p = pathOf(key);
        FileChannel ch;
        if (create) {
            createParents(p);
            ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } else {
            ch = FileChannel.open(p, StandardOpenOption.WRITE);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held through another channel of this process
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new ObjectBusyException(key + " is held by another writer");
        }
        try {
            if (create) {
                // The new name must survive a crash together with the first bytes synced into it.
                fsyncDirectory(p.getParent());
            }
            return Optional.of(new LocalAppendable(key, p, ch, lock));
        } catch (IOException | RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
    }

    /**
     * An appendable object: the file itself, written through one channel under an exclusive lock. The file grows in
     * zero-filled steps ahead of the appends, so that the sync after an append within a step writes data only (no
     * size change for the file system to journal): about a third less time per sync here. Readers may see that
     * zero tail until the object is sealed, which cuts it.
     */
    private final class LocalAppendable implements AppendableObject {
        private static final int GROW_STEP = 1 << 20;

        private final ObjectKey key;
        private final Path path;
        private final FileChannel ch;
        private final FileLock lock;
        private long end;
        private long allocated;

        LocalAppendable(ObjectKey key, Path path, FileChannel ch, FileLock lock) throws IOException {
            this.key = key;
            this.path = path;
            this.ch = ch;
            this.lock = lock;
            this.end = ch.size();
            this.allocated = end;
        }

        @Override
        public ObjectKey key() {
            return key;
        }

        @Override
        public long size() {
            return end;
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            if (end + bytes.remaining() > allocated) {
                long to = Math.max(end + bytes.remaining(), allocated + GROW_STEP);
                ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(to - allocated, GROW_STEP));
                for (long at = allocated; at < to; ) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
                    while (zeros.hasRemaining()) {
                        at += ch.write(zeros, at);
                    }
                }
                allocated = to;
            }
            while (bytes.hasRemaining()) {
                end += ch.write(bytes, end);
            }
        }

        @Override
        public void sync() throws IOException {
            ch.force(false);
        }

        @Override
        public void truncate(long size) throws IOException {
            ch.truncate(size);
            end = Math.min(end, size);
            allocated = ch.size();
        }

        @Override
        public boolean seal(ObjectKey target) throws IOException {
            if (allocated > end) {
                ch.truncate(end);
                ch.force(false);
                allocated = end;
            }
            Path t = pathOf(target);
            createParents(t);
            try {
                // link(2): exactly one creator wins the target name, as for putIfAbsent.
                Files.createLink(t, path);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            fsyncDirectory(t.getParent());
            // A crash before this delete leaves both names with the same bytes; readers of logs skip the repeat.
            Files.deleteIfExists(path);
            close();
            return true;
        }

        @Override
        public void delete() throws IOException {
            Files.deleteIfExists(path);
            fsyncDirectory(path.getParent());
            close();
        }

        @Override
        public void close() throws IOException {
            if (ch.isOpen()) {
                lock.release();
                ch.close();
            }
        }
    }

    @Override
    public Optional<InputStream> get(ObjectKey key) throws IOException {
        Path p = pathOf(key);
        try {
            // A key that is only a prefix of other keys is a directory here, and absent as an object.
            if (!Files.readAttributes(p, BasicFileAttributes.class).isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(Files.newInputStream(p));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
        Path p = pathOf(key);
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(info(key, a)) : Optional.empty();
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        }
    }

    @Override
    public ListPage list(String prefix, String startAfter, int maxKeys) throws IOException {
        String p = prefix == null ? "" : prefix;
        ObjectKey.checkPrefix(p);
        if (maxKeys <= 0) {
            throw new IllegalArgumentException("maxKeys must be positive: " + maxKeys);
        }
        List<ObjectInfo> out = new ArrayList<>();
        int slash = p.lastIndexOf('/');
        String dirKey = slash < 0 ? "" : p.substring(0, slash + 1);
        Path dir = dirKey.isEmpty() ? root : root.resolve(dirKey);
        if (!dir.startsWith(staging) && Files.isDirectory(dir)) {
            walk(dir, dirKey, p, startAfter, maxKeys + 1, out);
        }
        boolean truncated = out.size() > maxKeys;
        return new ListPage(truncated ? out.subList(0, maxKeys) : out, truncated);
    }

    private record Entry(String sortKey, String name, BasicFileAttributes attrs) {
    }

    /** Depth-first walk in key order: entries sorted by name, a directory compared as "name/". */
    private void walk(Path dir, String dirKey, String prefix, String startAfter, int limit, List<ObjectInfo> out)
            throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path child : ds) {
                String name = child.getFileName().toString();
                if (dirKey.isEmpty() && name.equals(STAGING)) {
                    continue;
                }
                // Every key at or under this entry starts with dirKey + name: skip, before any stat, entries that
                // cannot hold a key matching the prefix or following startAfter, so a page deep into a big
                // directory stays cheap.
                if (!couldMatch(dirKey + name, prefix, startAfter)) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(child, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (a.isDirectory()) {
                    entries.add(new Entry(name + "/", name, a));
                } else if (a.isRegularFile()) {
                    entries.add(new Entry(name, name, a));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return;
        }
        entries.sort(Comparator.comparing(Entry::sortKey));
        for (Entry e : entries) {
            if (out.size() >= limit) {
                return;
            }
            String key = dirKey + e.sortKey();
            if (e.attrs().isDirectory()) {
                if (couldMatch(key, prefix, startAfter)) {
                    walk(dir.resolve(e.name()), key, prefix, startAfter, limit, out);
                }
            } else if (key.startsWith(prefix) && (startAfter == null || key.compareTo(startAfter) > 0)
                    && ObjectKey.problem(key) == null) {
                out.add(info(new ObjectKey(key), e.attrs()));
            }
        }
    }

    /** Whether a key starting with {@code base} can start with {@code prefix} and sort after {@code startAfter}. */
    private static boolean couldMatch(String base, String prefix, String startAfter) {
        if (!(base.startsWith(prefix) || prefix.startsWith(base))) {
            return false;
        }
        // Below startAfter and not a prefix of it: then so is every key that starts with base.
        return startAfter == null || base.compareTo(startAfter) >= 0 || startAfter.startsWith(base);
    }

    @Override
    public boolean delete(ObjectKey key) throws IOException {
        Path p = pathOf(key);
        try {
            if (!Files.readAttributes(p, BasicFileAttributes.class).isRegularFile()) {
                return false;
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return false;
        }
        if (!Files.deleteIfExists(p)) {
            return false;
        }
        fsyncDirectory(p.getParent());
        pruneEmptyParents(p.getParent());
        return true;
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }

    @Override
    public void ping() throws IOException {
        if (!Files.isDirectory(root) || !Files.isWritable(staging)) {
            throw new IOException("store directory " + root + " is missing or not writable");
        }
    }

    private static ObjectInfo info(ObjectKey key, BasicFileAttributes a) {
        // Every put is a new file renamed into place with a modification time unique to the nanosecond (writeTemp),
        // so (file, size, mtime) changes whenever the content does, even when an inode number is reused.
        String etag = Integer.toHexString(Objects.hashCode(a.fileKey())) + "-" + Long.toHexString(a.size()) + "-"
                + Long.toHexString(a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        return new ObjectInfo(key, a.size(), etag, a.lastModifiedTime().toInstant());
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Copies {@code length} bytes (all of them for -1), failing when the stream is shorter or longer. */
    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        if (length < 0) {
            in.transferTo(out);
            return;
        }
        byte[] buf = new byte[64 << 10];
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (n < 0) {
                throw new IOException("stream ended after " + (length - remaining) + " of " + length
                        + " declared bytes");
            }
            out.write(buf, 0, n);
            remaining -= n;
        }
        if (in.read() != -1) {
            throw new IOException("stream is longer than the " + length + " declared bytes");
        }
    }

    private Path writeTemp(Writer writer) throws IOException {
        Path tmp = staging.resolve(UUID.randomUUID() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(ch);
            writer.write(out);
            out.flush();
            // File system timestamps are coarse (milliseconds) and inode numbers get reused, so two quick writes of
            // the same size could share (inode, size, mtime) and thus an etag: give every write its own mtime.
            Files.setLastModifiedTime(tmp, uniqueNow());
            ch.force(true);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /** The current time, strictly after every earlier value this process handed out. */
    private static FileTime uniqueNow() {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return FileTime.from(LAST_MTIME.accumulateAndGet(nanos, (last, n) -> Math.max(last + 1, n)),
                TimeUnit.NANOSECONDS);
    }

    private static void commitReplace(Path tmp, Path target) throws IOException {
        try {
            for (int attempt = 1; ; attempt++) {
                createParents(target);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    break;
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("store directory does not support atomic rename: " + target.getParent(), e);
                } catch (NoSuchFileException e) {
                    // A concurrent delete pruned the empty parent after we created it: create it again.
                    if (attempt == COMMIT_ATTEMPTS || !Files.exists(tmp)) {
                        throw e;
                    }
                }
            }
            fsyncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void createParents(Path target) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                Files.createDirectories(target.getParent());
                return;
            } catch (FileAlreadyExistsException | NoSuchFileException e) {
                // Either a parent path is an existing object (retrying will not help), or a concurrent delete pruned
                // a directory while createDirectories was checking it.
                if (attempt == COMMIT_ATTEMPTS) {
                    throw e instanceof FileAlreadyExistsException
                            ? new IOException("cannot store " + target + ": a parent path is an existing object", e)
                            : e;
                }
            }
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (NoSuchFileException e) {
            // Pruned by a concurrent delete of the last object in it: nothing of ours is left to make durable.
        }
    }

    private void pruneEmptyParents(Path dir) {
        Path d = dir;
        while (d != null && !d.equals(root) && d.startsWith(root)) {
            try {
                Files.delete(d);
            } catch (IOException e) {
                // Not empty (or already gone): stop, the ancestors are not empty either.
                return;
            }
            d = d.getParent();
        }
    }
}
