package io.lakehouse.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The file system backend: one file per object under a root directory.
 *
 * <p>Every write goes to a temp file under {@code .staging/} on the same file system, is fsynced, then renamed
 * (replace) or hard-linked (create-only) into place, and the directory is fsynced: a reader never sees a partial
 * object and an acknowledged write survives a crash.
 */
public final class LocalObjectStore implements ObjectStore {

    /** Top-level directory for in-flight temp files; never listed. */
    static final String STAGING = ".staging";

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
        Path p = root.resolve(key.value()).normalize();
        if (!p.startsWith(root) || p.startsWith(staging)) {
            // ObjectKey already forbids '..'; this guards against a future change of that rule.
            throw new InvalidKeyException(key.value(), "key resolves outside the store");
        }
        return p;
    }

    @Override
    public void put(ObjectKey key, byte[] bytes) throws IOException {
        Path tmp = writeTemp(out -> out.write(bytes));
        commitReplace(tmp, pathOf(key));
    }

    @Override
    public void put(ObjectKey key, InputStream in, long length) throws IOException {
        Path tmp = writeTemp(in::transferTo);
        commitReplace(tmp, pathOf(key));
    }

    @Override
    public boolean putIfAbsent(ObjectKey key, byte[] bytes) throws IOException {
        Path target = pathOf(key);
        if (Files.exists(target)) {
            return false;
        }
        Path tmp = writeTemp(out -> out.write(bytes));
        try {
            Files.createDirectories(target.getParent());
            // link(2) fails when the name exists, so exactly one concurrent creator wins.
            Files.createLink(target, tmp);
            fsyncDirectory(target.getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Optional<InputStream> get(ObjectKey key) throws IOException {
        try {
            return Optional.of(Files.newInputStream(pathOf(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
        Path p = pathOf(key);
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(info(key, a));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public ListPage list(String prefix, String startAfter, int maxKeys) throws IOException {
        String p = prefix == null ? "" : prefix;
        checkPrefix(p);
        if (maxKeys <= 0) {
            throw new IllegalArgumentException("maxKeys must be positive: " + maxKeys);
        }
        List<ObjectInfo> out = new ArrayList<>();
        int slash = p.lastIndexOf('/');
        String dirKey = slash < 0 ? "" : p.substring(0, slash + 1);
        Path dir = dirKey.isEmpty() ? root : root.resolve(dirKey);
        if (Files.isDirectory(dir)) {
            walk(dir, dirKey, p, startAfter, maxKeys + 1, out);
        }
        boolean truncated = out.size() > maxKeys;
        return new ListPage(truncated ? out.subList(0, maxKeys) : out, truncated);
    }

    /** Depth-first walk in key order: entries sorted by name, a directory compared as "name/". */
    private void walk(Path dir, String dirKey, String prefix, String startAfter, int limit, List<ObjectInfo> out)
            throws IOException {
        List<String[]> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path child : ds) {
                String name = child.getFileName().toString();
                if (dirKey.isEmpty() && name.equals(STAGING)) {
                    continue;
                }
                boolean isDir = Files.isDirectory(child);
                entries.add(new String[] {isDir ? name + "/" : name, isDir ? "d" : "f"});
            }
        } catch (NoSuchFileException e) {
            return;
        }
        entries.sort((a, b) -> a[0].compareTo(b[0]));
        for (String[] e : entries) {
            if (out.size() >= limit) {
                return;
            }
            String key = dirKey + e[0];
            boolean isDir = e[1].equals("d");
            if (isDir) {
                // Skip subtrees that cannot hold a key matching the prefix or following startAfter.
                if (!(key.startsWith(prefix) || prefix.startsWith(key))) {
                    continue;
                }
                if (startAfter != null && key.compareTo(startAfter) < 0 && !startAfter.startsWith(key)) {
                    continue;
                }
                walk(dir.resolve(e[0].substring(0, e[0].length() - 1)), key, prefix, startAfter, limit, out);
            } else {
                if (!key.startsWith(prefix) || (startAfter != null && key.compareTo(startAfter) <= 0)) {
                    continue;
                }
                if (ObjectKey.problem(key) != null) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(dir.resolve(e[0]), BasicFileAttributes.class);
                    out.add(info(new ObjectKey(key), a));
                } catch (NoSuchFileException gone) {
                    // Deleted between listing and stat: not part of this page.
                }
            }
        }
    }

    @Override
    public boolean delete(ObjectKey key) throws IOException {
        Path p = pathOf(key);
        boolean existed = Files.deleteIfExists(p);
        if (existed) {
            pruneEmptyParents(p.getParent());
        }
        return existed;
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
        // Every put is a new file renamed into place, so (inode, size, mtime) changes whenever the content does.
        String etag = Long.toHexString(Objects.hashCode(a.fileKey())) + "-" + Long.toHexString(a.size()) + "-"
                + Long.toHexString(a.lastModifiedTime().toMillis());
        return new ObjectInfo(key, a.size(), etag, a.lastModifiedTime().toInstant());
    }

    private static void checkPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return;
        }
        // A prefix may end with '/' or be a partial segment; validate it as a key with a placeholder completion.
        String probe = prefix.endsWith("/") ? prefix + "x" : prefix;
        String problem = ObjectKey.problem(probe);
        if (problem != null) {
            throw new InvalidKeyException(prefix, problem);
        }
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private Path writeTemp(Writer writer) throws IOException {
        Path tmp = staging.resolve(UUID.randomUUID() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(ch);
            writer.write(out);
            out.flush();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private static void commitReplace(Path tmp, Path target) throws IOException {
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("store directory does not support atomic rename: " + target.getParent(), e);
            }
            fsyncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private void pruneEmptyParents(Path dir) {
        Path d = dir;
        while (d != null && !d.equals(root) && d.startsWith(root)) {
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                return;
            }
            d = d.getParent();
        }
    }
}
