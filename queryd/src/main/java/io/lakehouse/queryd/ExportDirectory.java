package io.lakehouse.queryd;

import java.nio.file.Path;
import java.util.Objects;

/** The directory Parquet answers are written to before they are sent and deleted. */
public record ExportDirectory(Path path) {
    public ExportDirectory {
        Objects.requireNonNull(path, "path is null");
    }
}
