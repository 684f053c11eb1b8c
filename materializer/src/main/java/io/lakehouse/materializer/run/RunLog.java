package io.lakehouse.materializer.run;

import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/** Run records in the store, {@code _system/materializer/runs/<run_id>.json}; ids are time-ordered (UUIDv7). */
public final class RunLog {
    private final ObjectStore store;
    private final JsonMapper json;

    public RunLog(ObjectStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    void save(RunRecord record) throws IOException {
        store.put(Layout.run(record.runId()), json.writeValueAsBytes(record));
    }

    public Optional<RunRecord> get(String runId) throws IOException {
        if (!runId.matches("[0-9a-f-]{1,64}")) {
            return Optional.empty();
        }
        Optional<byte[]> bytes = store.getBytes(Layout.run(runId));
        return bytes.map(b -> json.readValue(b, RunRecord.class));
    }

    /** The newest {@code limit} runs, newest first. */
    public List<RunRecord> newest(int limit) throws IOException {
        List<ObjectKey> keys;
        try (Stream<ObjectInfo> all = store.listAll(Layout.runsPrefix())) {
            keys = all.map(ObjectInfo::key).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<RunRecord> out = new ArrayList<>();
        for (int i = keys.size() - 1; i >= 0 && out.size() < limit; i--) {
            Optional<byte[]> bytes = store.getBytes(keys.get(i));
            if (bytes.isPresent()) {
                out.add(json.readValue(bytes.get(), RunRecord.class));
            }
        }
        return out;
    }
}
