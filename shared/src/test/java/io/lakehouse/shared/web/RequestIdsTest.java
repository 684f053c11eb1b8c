package io.lakehouse.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void generatedIdsAreDistinctTimeOrderedVersion7UuidsThatTheFilterWouldAccept() {
        Set<String> seen = new HashSet<>();
        long before = System.currentTimeMillis();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.generate();
            assertThat(RequestIds.acceptable(id)).as(id).isTrue();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.getMostSignificantBits() >>> 16).isBetween(before, System.currentTimeMillis());
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }
}
