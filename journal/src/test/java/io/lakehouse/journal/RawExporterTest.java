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

    @Test
    void offeredLinesAreWrittenWithoutReadingTheJournalAndGapsAreReadBack() throws Exception {
        var store = new LocalObjectStore(dir);
        try (Journal j = Journal.open(store, "demo", JournalSettings.defaults(), null)) {
            RawExporter[] exporter = {null};
            int[] mapped = {0};
            RawExporter.Mapper counting = e -> {
                mapped[0]++;
                return MAPPER.map(e);
            };
            exporter[0] = new RawExporter(store, j, "lake", counting, 2, 1 << 20);
            // Entry 2 is not offered (as if memory had been full): 1-2 are read back, then 3-4 come from memory.
            j.start(entries -> {
                for (Entry e : entries) {
                    if (e.seq() != 2) {
                        exporter[0].offer(e.seq(), MAPPER.map(e));
                    }
                }
            });
            for (String p : List.of("2026-11-28 a", "2026-11-29 b", "2026-11-29 c", "2026-11-30 d")) {
                j.append(p.getBytes()).get(5, TimeUnit.SECONDS);
            }
            assertThat(exporter[0].exportOnce()).isEqualTo(2);
            assertThat(mapped[0]).isEqualTo(2);
            assertThat(exporter[0].exportOnce()).isEqualTo(2);
            assertThat(mapped[0]).isEqualTo(2);
            assertThat(exporter[0].exportOnce()).isZero();

            List<String> keys = store.listAll("raw/").map(ObjectInfo::key).map(ObjectKey::toString).toList();
            assertThat(keys).containsExactly(
                    "raw/event/dt=2026-11-28/demo-00000000000000000001-00000000000000000002.ndjson",
                    "raw/event/dt=2026-11-29/demo-00000000000000000001-00000000000000000002.ndjson",
                    "raw/event/dt=2026-11-29/demo-00000000000000000003-00000000000000000004.ndjson",
                    "raw/event/dt=2026-11-30/demo-00000000000000000003-00000000000000000004.ndjson");
            assertThat(new String(store.getBytes(ObjectKey.of(keys.get(2))).orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"seq\":3}\n");
        }
    }
}
