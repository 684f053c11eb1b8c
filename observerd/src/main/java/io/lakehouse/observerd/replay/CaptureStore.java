package io.lakehouse.observerd.replay;

import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Captures kept in the store as {@code observerd/captures/<name>.json}, exactly as uploaded. */
public final class CaptureStore {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final String PREFIX = "observerd/captures/";

    private final ObjectStore store;

    public CaptureStore(ObjectStore store) {
        this.store = store;
    }

    public static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }

    public void put(String name, byte[] json) throws IOException {
        store.put(key(name), json);
    }

    public Optional<byte[]> get(String name) throws IOException {
        return store.getBytes(key(name));
    }

    public boolean delete(String name) throws IOException {
        return store.delete(key(name));
    }

    public List<ObjectInfo> list() throws IOException {
        try (Stream<ObjectInfo> s = store.listAll(PREFIX)) {
            return s.filter(o -> o.key().name().endsWith(".json")).toList();
        }
    }

    public static String nameOf(ObjectInfo o) {
        String n = o.key().name();
        return n.substring(0, n.length() - ".json".length());
    }

    private static ObjectKey key(String name) {
        return ObjectKey.of(PREFIX + name + ".json");
    }
}
