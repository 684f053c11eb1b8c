package io.lakehouse.observerd.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.journal.Entry;
import io.lakehouse.journal.RawExporter;
import io.lakehouse.observerd.observation.Observation;
import io.lakehouse.observerd.observation.ObservationCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The lake lines computed at append time are exactly what the export maps from the journal entry after a restart. */
class LakeLinesTest {
    static final ObservationCodec CODEC = new ObservationCodec(JsonMapper.builder().build());
    static final long DAY = 86_400_000_000_000L;

    @Test
    void linesFromTheBatchEqualLinesMappedFromItsJournalEntry() {
        Random r = new Random(11);
        for (int round = 0; round < 300; round++) {
            List<Observation> batch = new ArrayList<>();
            long base = 20_000 * DAY + r.nextLong(3 * DAY);
            int n = 1 + r.nextInt(round % 10 == 0 ? 2_000 : 40);
            for (int i = 0; i < n; i++) {
                // Mostly one day, sometimes a day boundary, sometimes days going back and forth.
                long start = switch (r.nextInt(8)) {
                    case 0 -> base + r.nextLong(-2 * DAY, 2 * DAY);
                    case 1 -> base - base % DAY + (r.nextBoolean() ? -1 : 0);
                    default -> base + i;
                };
                String line = "{\"started_at\":\"" + Instant.ofEpochSecond(0, start) + "\",\"observation_id\":\"o"
                        + i + "\",\"run_id\":\"run" + round + "\",\"agent\":\"a\",\"kind\":\"k\",\"name\":\"n\","
                        + "\"ended_at\":\"" + Instant.ofEpochSecond(0, start + 5) + "\",\"status\":\"ok\"}";
                batch.add(CODEC.parse(line.getBytes(StandardCharsets.UTF_8)));
            }
            byte[] payload = ObservationCodec.join(batch);
            List<RawExporter.RawLine> fromBatch = ObservationLog.lake(batch, payload);
            List<RawExporter.RawLine> fromEntry = ObservationLog.toLake(new Entry(round + 1, payload));
            assertThat(fromBatch).hasSameSizeAs(fromEntry);
            for (int i = 0; i < fromEntry.size(); i++) {
                assertThat(fromBatch.get(i).dataset()).isEqualTo(fromEntry.get(i).dataset());
                assertThat(fromBatch.get(i).day()).isEqualTo(fromEntry.get(i).day());
                assertThat(fromBatch.get(i).json()).isEqualTo(fromEntry.get(i).json());
            }
        }
    }
}
