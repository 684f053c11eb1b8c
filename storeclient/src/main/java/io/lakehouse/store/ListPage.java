package io.lakehouse.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** One page of a listing; {@code truncated} says whether more keys follow the last one. */
public record ListPage(List<ObjectInfo> objects, boolean truncated) {

    /** Page size used when streaming a whole listing. */
    public static final int DEFAULT_PAGE = 1000;

    public ListPage {
        objects = List.copyOf(Objects.requireNonNull(objects, "objects is null"));
    }

    /** Key after which the next page starts, or null when this page is empty. */
    public String lastKey() {
        return objects.isEmpty() ? null : objects.getLast().key().value();
    }

    static Stream<ObjectInfo> stream(ObjectStore store, String prefix) {
        Iterator<ObjectInfo> it = new Iterator<>() {
            private final Deque<ObjectInfo> buffer = new ArrayDeque<>();
            private String after;
            private boolean more = true;

            @Override
            public boolean hasNext() {
                while (buffer.isEmpty() && more) {
                    try {
                        ListPage page = store.list(prefix, after, DEFAULT_PAGE);
                        buffer.addAll(page.objects());
                        more = page.truncated() && !page.objects().isEmpty();
                        if (!page.objects().isEmpty()) {
                            after = page.lastKey();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return !buffer.isEmpty();
            }

            @Override
            public ObjectInfo next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffer.removeFirst();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
