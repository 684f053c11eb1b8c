package io.lakehouse.validation;

import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One compiled contract version.
 *
 * @param dataset     dataset name
 * @param version     1-based version
 * @param document    the schema as parsed (compared to detect identical re-submissions)
 * @param source      the bytes as stored, served back by {@code GET /v1/schemas/{dataset}}
 * @param updatedAt   when the version was stored
 * @param partitionBy the {@code x-lakehouse.partition_by} property, or null
 */
public record Contract(String dataset, int version, JsonNode document, byte[] source, Instant updatedAt,
                       String partitionBy, com.networknt.schema.Schema schema) {
    public Contract {
        Objects.requireNonNull(dataset, "dataset is null");
        Objects.requireNonNull(document, "document is null");
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(updatedAt, "updatedAt is null");
        Objects.requireNonNull(schema, "schema is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
    }
}
