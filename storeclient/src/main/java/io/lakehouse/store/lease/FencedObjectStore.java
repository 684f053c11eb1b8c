package io.lakehouse.store.lease;

import io.lakehouse.store.AppendableObject;
import io.lakehouse.store.ListPage;
import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * A view of a store whose writes are refused once a lease is no longer held: a holder that was paused (GC, SIGSTOP,
 * a suspended VM) past its lease cannot overwrite what the new holder wrote in the meantime, even before its
 * renewal thread notices. Reads pass through. Closing the view leaves the underlying store open.
 */
public final class FencedObjectStore implements ObjectStore {
    private final ObjectStore store;
    private final StoreLease lease;

    public FencedObjectStore(ObjectStore store, StoreLease lease) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.lease = Objects.requireNonNull(lease, "lease is null");
    }

    private void fence(ObjectKey key) throws IOException {
        if (!lease.isHeld()) {
            throw new IOException("write of " + key + " refused: this process no longer holds the lease "
                    + lease.prefix() + (lease.lostReason() == null ? "" : " (" + lease.lostReason() + ")"));
        }
    }

    @Override
    public void put(ObjectKey key, byte[] bytes) throws IOException {
        fence(key);
        store.put(key, bytes);
    }

    @Override
    public void put(ObjectKey key, InputStream in, long length) throws IOException {
        fence(key);
        store.put(key, in, length);
    }

    @Override
    public void putFile(ObjectKey key, java.nio.file.Path file) throws IOException {
        fence(key);
        store.putFile(key, file); // the backend's own: a rename on the file system store, not a copy
    }

    @Override
    public boolean putIfAbsent(ObjectKey key, byte[] bytes) throws IOException {
        fence(key);
        return store.putIfAbsent(key, bytes);
    }

    @Override
    public Optional<AppendableObject> openAppendable(ObjectKey key, boolean create) throws IOException {
        fence(key);
        Optional<AppendableObject> a = store.openAppendable(key, create);
        return a.map(Fenced::new);
    }

    /** Every change to the appendable object passes the fence, so a holder that lost the lease cannot append. */
    private final class Fenced implements AppendableObject {
        private final AppendableObject a;

        Fenced(AppendableObject a) {
            this.a = a;
        }

        @Override
        public ObjectKey key() {
            return a.key();
        }

        @Override
        public long size() throws IOException {
            return a.size();
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            fence(a.key());
            a.write(bytes);
        }

        @Override
        public void sync() throws IOException {
            // Checked again after the sync as well: an acknowledgement must not rest on a write made without it.
            fence(a.key());
            a.sync();
            fence(a.key());
        }

        @Override
        public void truncate(long size) throws IOException {
            fence(a.key());
            a.truncate(size);
        }

        @Override
        public boolean seal(ObjectKey target) throws IOException {
            fence(target);
            return a.seal(target);
        }

        @Override
        public void delete() throws IOException {
            fence(a.key());
            a.delete();
        }

        @Override
        public void close() throws IOException {
            a.close();
        }
    }

    @Override
    public Optional<InputStream> get(ObjectKey key) throws IOException {
        return store.get(key);
    }

    @Override
    public Optional<byte[]> getBytes(ObjectKey key) throws IOException {
        return store.getBytes(key);
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
        return store.stat(key);
    }

    @Override
    public ListPage list(String prefix, String startAfter, int maxKeys) throws IOException {
        return store.list(prefix, startAfter, maxKeys);
    }

    @Override
    public boolean delete(ObjectKey key) throws IOException {
        fence(key);
        return store.delete(key);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void ping() throws IOException {
        store.ping();
    }

    @Override
    public void close() {
        // The underlying store belongs to whoever opened it.
    }
}
