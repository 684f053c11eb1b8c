package io.lakehouse.store;

import java.nio.file.Path;

/** Opens the backend a {@link StoreSettings} URI names. */
public final class ObjectStores {
    private ObjectStores() {
    }

    /** {@code file:} (relative or absolute) opens a {@link LocalObjectStore}, {@code s3:} an {@link S3ObjectStore}. */
    public static ObjectStore open(StoreSettings settings) {
        String scheme = settings.uri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            return new LocalObjectStore(localPath(settings));
        }
        if (scheme.equals("s3")) {
            return S3ObjectStore.open(settings);
        }
        throw new IllegalArgumentException("unsupported store URI scheme '" + scheme + "' in " + settings.uri()
                + " (use file:PATH or s3://bucket/prefix)");
    }

    /** {@code file:./data/lake} is opaque (relative), {@code file:/var/lib/x} and {@code file:///x} are absolute. */
    static Path localPath(StoreSettings settings) {
        var uri = settings.uri();
        String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("store URI " + uri + " has no path");
        }
        return Path.of(path).toAbsolutePath().normalize();
    }
}
