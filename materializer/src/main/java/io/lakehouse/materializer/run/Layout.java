package io.lakehouse.materializer.run;

import io.lakehouse.store.ObjectKey;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the materializer reads and writes in the store. */
public final class Layout {
    static final String SYSTEM = "_system/materializer/";
    private static final Pattern RAW = Pattern.compile(
            "^raw/([a-z][a-z0-9_]{0,62})/dt=(\\d{4}-\\d{2}-\\d{2})/([A-Za-z0-9_.-]+)\\.ndjson$");

    private Layout() {
    }

    /** A raw batch: {@code raw/<dataset>/dt=<day>/<id>.ndjson}. */
    public record Raw(String dataset, String day, String id, ObjectKey key) {
    }

    public static ObjectKey raw(String dataset, String day, String id) {
        return ObjectKey.of("raw", dataset, "dt=" + day, id + ".ndjson");
    }

    /** The parsed raw key, or null for anything else under {@code raw/}. */
    static Raw parseRaw(ObjectKey key) {
        Matcher m = RAW.matcher(key.value());
        return m.matches() ? new Raw(m.group(1), m.group(2), m.group(3), key) : null;
    }

    static String rawPrefix(String dataset) {
        return "raw/" + dataset + "/";
    }

    /** Written last for a raw object: its rows are in {@code curated/} and its rejects in {@code quarantine/}. */
    static ObjectKey done(Raw raw) {
        return ObjectKey.of(SYSTEM + "done", raw.dataset(), "dt=" + raw.day(), raw.id() + ".json");
    }

    static String donePrefix(String dataset) {
        return SYSTEM + "done/" + dataset + "/";
    }

    static String stagingPrefix(Raw raw) {
        return SYSTEM + "staging/" + raw.dataset() + "/" + raw.id() + "/";
    }

    static String stagingPrefix(String dataset) {
        return SYSTEM + "staging/" + dataset + "/";
    }

    /** Written once everything of a raw object is staged; a rerun then only commits. */
    static ObjectKey stagingManifest(Raw raw) {
        return ObjectKey.of(stagingPrefix(raw) + "manifest.json");
    }

    static ObjectKey staged(Raw raw, String finalKey) {
        return ObjectKey.of(stagingPrefix(raw) + "files/" + finalKey);
    }

    /** {@code curated/<dataset>/dt=<day>/part-<raw id>-0.parquet}: named after its raw object, so reruns overwrite. */
    static ObjectKey curated(String dataset, String partitionDir, String fileName) {
        return ObjectKey.of("curated", dataset, partitionDir, fileName);
    }

    static ObjectKey quarantine(Raw raw) {
        return ObjectKey.of("quarantine", raw.dataset(), "dt=" + raw.day(), raw.id() + ".ndjson");
    }

    static ObjectKey run(String runId) {
        return ObjectKey.of(SYSTEM + "runs", runId + ".json");
    }

    static String runsPrefix() {
        return SYSTEM + "runs/";
    }

    /** The dataset's run lease (io.lakehouse.store.lease, ADR 0003): {@code _system/materializer/lease/<dataset>/}. */
    static String lockPrefix(String dataset) {
        return io.lakehouse.store.lease.StoreLeases.daemonPrefix("materializer", dataset);
    }
}
