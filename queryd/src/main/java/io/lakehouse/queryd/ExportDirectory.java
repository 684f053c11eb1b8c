package io.lakehouse.queryd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The directory Parquet answers are written to before they are sent and deleted. {@code owned} is the temp
 * directory queryd created when no work dir is configured; it is removed at shutdown.
 */
public record ExportDirectory(Path path, Path owned) implements AutoCloseable {
    public ExportDirectory {
        Objects.requireNonNull(path, "path is null");
    }

    @Override
    public void close() throws IOException {
        if (owned == null || !Files.exists(owned)) {
            return;
        }
        try (Stream<Path> s = Files.walk(owned)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
