package io.lakehouse.pathwayd.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.journal.Entry;
import io.lakehouse.journal.Journal;
import io.lakehouse.journal.JournalSettings;
import io.lakehouse.journal.RawExporter;
import io.lakehouse.pathwayd.memory.Codec;
import io.lakehouse.pathwayd.memory.Command;
import io.lakehouse.pathwayd.memory.HistoryEntry;
import io.lakehouse.pathwayd.memory.Memory;
import io.lakehouse.pathwayd.memory.Operation;
import io.lakehouse.pathwayd.memory.Kind;
import io.lakehouse.pathwayd.memory.MemoryService;
import io.lakehouse.pathwayd.memory.MemoryStateMachine;
import io.lakehouse.pathwayd.memory.Scope;
import io.lakehouse.shared.ids.Ids;
import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.validation.ContractRegistries;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.EngineSettings;
import io.lakehouse.validation.FastValidator;
import io.lakehouse.validation.ValidationEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The exporter writes the same record bytes whether it exports the operation as applied (remembered from the
 * durable listener) or decodes it from its journal entry (a re-export after a crash must write the same bytes).
 */
class RememberedExportTest {
    @TempDir
    Path dir;

    /** Bodies as the web layer parses them: numbers of every kind, nesting, unicode, nulls. */
    private static final JsonMapper WEB = JsonMapper.builder().build();

    private static JsonNode json(String s) {
        return WEB.readTree(s);
    }

    /** How the exporter built a record before it streamed it: as a tree, serialized. */
    private static byte[] asTree(HistoryEntry h) {
        JsonMapper m = new Codec().json();
        ObjectNode n = m.createObjectNode();
        Memory after = h.after();
        n.put("event_id", "pathwayd-" + h.eventId());
        n.put("memory_id", h.memoryId());
        n.put("op", h.op().name());
        n.put("at", h.at());
        n.put("version", h.version());
        n.put("kind", after.kind().wire());
        n.put("state", after.state().wire());
        n.put("user_id", after.scope().userId());
        n.put("agent_id", after.scope().agentId());
        n.put("run_id", after.scope().runId());
        n.set("before", h.before() == null ? null : m.valueToTree(h.before()));
        n.set("after", m.valueToTree(after));
        n.put("successor_id", h.successorId());
        n.put("reason", h.reason());
        return m.writeValueAsBytes(n);
    }

    @Test
    void rememberedAndDecodedOperationsExportTheSameBytes() throws Exception {
        ObjectStore store = new LocalObjectStore(dir.resolve("lake"));
        Journal journal = Journal.open(store, "pathwayd", JournalSettings.defaults(), null);
        MemoryService service = new MemoryService(journal, new Codec(), new MemoryStateMachine(Clock.systemUTC(),
                Ids::newId), new MemoryService.Settings(Duration.ofSeconds(30), Long.MAX_VALUE, dir), null);
        service.start();
        try (ContractRegistry contracts = ContractRegistries.open(store, new ValidationEngine(EngineSettings.DEFAULTS),
                Duration.ofSeconds(1), Duration.ofSeconds(30), true)) {
            EventExporter exporter = new EventExporter(store, journal, contracts, new Codec(), 10_000,
                    Duration.ofHours(1), null);
            service.addListener(exporter::remember);
            exporter.start();

            Scope scope = new Scope("u1", "a1", null);
            String a = service.submit(new Command.Add(Kind.FACT, "likes tea \u00e9\u4e2d \"quoted\"", null, scope,
                    json("{\"n\":1,\"f\":1.10,\"e\":1e3,\"small\":0.1,\"big\":12345678901234567890,\"neg\":-0.0,"
                            + "\"nested\":{\"x\":[1,2.5,\"s\",null,true]},\"nul\":null}"), null)).result().id();
            String b = service.submit(new Command.Add(Kind.PROCEDURE, "deploy", json("[\"build\",{\"run\":\"test\"}]"),
                    new Scope(null, null, "r1"), null, null)).result().id();
            service.submit(new Command.Update(a, "likes green tea", null, json("{\"f\":null,\"g\":3.14159}"), 1L));
            service.submit(new Command.Revise(a, "likes green tea, not black", null, null, null, "clarified", null));
            service.submit(new Command.Retire(b, "obsolete", null));
            service.submit(new Command.PutPlaybook("ship", "ship it", json("[\"a\",\"b\"]"), scope, json("{}"), null));
            service.submit(new Command.PutPlaybook("ship", "ship it now", json("[\"a\"]"), scope, null, "faster"));

            FastValidator fast = FastValidator.compile(contracts.engine(),
                    contracts.latest(EventExporter.DATASET).orElseThrow()).orElseThrow();
            List<Entry> entries = new ArrayList<>();
            journal.replay(0, entries::add);
            assertThat(entries).hasSize(7);
            for (Entry e : entries) {
                assertThat(exporter.remembers(e.seq())).as("seq %d remembered", e.seq()).isTrue();
                List<RawExporter.RawLine> applied = exporter.map(e); // takes the remembered operation
                assertThat(exporter.remembers(e.seq())).isFalse();
                List<RawExporter.RawLine> decoded = exporter.map(e); // decodes the entry
                assertThat(applied).hasSameSizeAs(decoded).isNotEmpty();
                Operation op = new Codec().decode(e.payload());
                // The entry spliced the answer's JSON in: the same bytes as serializing the whole operation.
                assertThat(new String(e.payload())).isEqualTo(new String(new Codec().encode(op)));
                for (int i = 0; i < applied.size(); i++) {
                    assertThat(new String(applied.get(i).json())).isEqualTo(new String(decoded.get(i).json()));
                    // Streamed, the record has the bytes the tree it was built as before had.
                    assertThat(new String(applied.get(i).json())).isEqualTo(new String(asTree(
                            HistoryEntry.of(e.seq(), i, op, op.changes().get(i)))));
                    assertThat(applied.get(i).day()).isEqualTo(decoded.get(i).day());
                }
            }
            // Exporting moves the position and forgets what is behind it.
            service.submit(new Command.Add(Kind.FACT, "one more", null, scope, json("{\"source\":\"chat\",\"n\":7}"),
                    null));
            // An ordinary record (ASCII, plain numbers) is settled by the byte-level check, without the engine.
            List<Entry> last = new ArrayList<>();
            journal.replay(7, last::add);
            byte[] plain = exporter.map(last.getFirst()).getFirst().json();
            assertThat(fast.accepts(plain, 0, plain.length)).as("fast path accepts %s", new String(plain)).isTrue();
            assertThat(exporter.exportAll()).isEqualTo(8);
            assertThat(exporter.remembers(8)).isFalse();
            exporter.close();
        } finally {
            service.close();
        }
    }
}
