package io.lakehouse.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawExporterTest {
    @TempDir
    Path dir;

    static final RawExporter.Mapper MAPPER = e -> {
        String s = new String(e.payload(), StandardCharsets.UTF_8);
        if (s.startsWith("skip")) {
            return List.of();
        }
        return List.of(new RawExporter.RawLine("event", LocalDate.parse(s.substring(0, 10)),
                ("{\"seq\":" + e.seq() + "}").getBytes(StandardCharsets.UTF_8)));
    };

    @Test
    void exportsByDayOnceAndResumesAnInterruptedBatchWithTheSameKeys() throws Exception {
        var store = new LocalObjectStore(dir);
        try (Journal j = Journal.open(store, "demo", JournalSettings.defaults(), null)) {
            j.start(null);
            j.append(List.of("2026-11-28 a".getBytes(), "2026-11-29 b".getBytes(), "skip c".getBytes(),
                    "2026-11-29 d".getBytes())).get(5, TimeUnit.SECONDS);
            // A crash after the intent and the data objects, before the cursor moved: the rerun covers 1..4 again.
            store.put(ObjectKey.of("journal", "demo", "cursors", "lake.intent"), "0 4\n".getBytes());
            j.append("2026-11-29 e".getBytes()).get(5, TimeUnit.SECONDS);

            RawExporter exporter = new RawExporter(store, j, "lake", MAPPER, 1000);
            assertThat(exporter.lag()).isEqualTo(5);
            assertThat(exporter.exportOnce()).isEqualTo(4);
            assertThat(exporter.exportOnce()).isEqualTo(1);
            assertThat(exporter.exportOnce()).isZero();
            assertThat(exporter.lag()).isZero();

            List<String> keys = store.listAll("raw/").map(ObjectInfo::key).map(ObjectKey::toString).toList();
            assertThat(keys).containsExactly(
                    "raw/event/dt=2026-11-28/demo-00000000000000000001-00000000000000000004.ndjson",
                    "raw/event/dt=2026-11-29/demo-00000000000000000001-00000000000000000004.ndjson",
                    "raw/event/dt=2026-11-29/demo-00000000000000000005-00000000000000000005.ndjson");
            String day29 = new String(store.getBytes(ObjectKey.of(keys.get(1))).orElseThrow(), StandardCharsets.UTF_8);
            assertThat(day29).isEqualTo("{\"seq\":2}\n{\"seq\":4}\n");
        }
    }
}
