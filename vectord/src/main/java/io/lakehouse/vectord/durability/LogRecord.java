package io.lakehouse.vectord.durability;

import io.lakehouse.vectord.index.ItemRecord;
import java.util.Objects;

/** One logged mutation: an upsert carrying the full item, or a delete of an id. {@code seq} orders them. */
public sealed interface LogRecord permits LogRecord.Upsert, LogRecord.Delete {
    long seq();

    String id();

    record Upsert(ItemRecord item) implements LogRecord {
        public Upsert {
            Objects.requireNonNull(item, "item is null");
        }

        @Override
        public long seq() {
            return item.version();
        }

        @Override
        public String id() {
            return item.id();
        }
    }

    record Delete(long seq, String id) implements LogRecord {
        public Delete {
            Objects.requireNonNull(id, "id is null");
        }
    }
}
