package io.lakehouse.store;

/** Placeholder until the S3 backend lands. */
final class S3ObjectStore {
    private S3ObjectStore() {
    }

    static ObjectStore open(StoreSettings settings) {
        throw new UnsupportedOperationException("S3 backend not built yet");
    }
}
