package io.lakehouse.vectord.registry;

import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.vectord.VectordProperties;
import io.lakehouse.vectord.durability.IndexLog;
import io.lakehouse.vectord.durability.IndexStorage;
import io.lakehouse.vectord.durability.Recovery;
import io.lakehouse.vectord.durability.Snapshotter;
import io.lakehouse.vectord.embed.Embedder;
import io.lakehouse.vectord.embed.HashEmbedder;
import io.lakehouse.vectord.embed.OpenAiEmbedder;
import io.lakehouse.vectord.index.EmbedderSpec;
import io.lakehouse.vectord.index.IndexSettings;
import io.lakehouse.vectord.index.Metric;
import io.lakehouse.vectord.index.VectorIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every index of this daemon: loads them all at start-up (in the background; readiness waits), creates and drops
 * them, and at shutdown stops their logs and flushes their snapshots. Stops after the web server has drained.
 */
public final class IndexRegistry implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(IndexRegistry.class);

    /** What a create did. */
    public enum Created { CREATED, EXISTED }

    private final ObjectStore store;
    private final JsonMapper json;
    private final VectordProperties props;
    private final MeterRegistry meters;
    private final ConcurrentHashMap<String, OpenIndex> open = new ConcurrentHashMap<>();
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final ScheduledExecutorService snapshots;
    /** Helps requests insert big batches into the graph: one thread per core, shared by all indexes. */
    private final ExecutorService inserts;
    private final int insertThreads;
    private final Path tmpDir;
    private final AtomicReference<String> loadFailure = new AtomicReference<>();
    private volatile boolean loaded;
    private volatile boolean running;

    public IndexRegistry(ObjectStore store, JsonMapper json, VectordProperties props, MeterRegistry meters) {
        this.store = store;
        this.json = json;
        this.props = props;
        this.meters = meters;
        this.tmpDir = props.snapshot().tmpDir() != null ? props.snapshot().tmpDir()
                : Path.of(System.getProperty("java.io.tmpdir"));
        this.snapshots = Executors.newScheduledThreadPool(1,
                Thread.ofPlatform().daemon().name("vectord-snapshot-", 0).factory());
        this.insertThreads = props.load().threads() > 0 ? props.load().threads()
                : Runtime.getRuntime().availableProcessors();
        this.inserts = Executors.newFixedThreadPool(insertThreads,
                Thread.ofPlatform().daemon().name("vectord-insert-", 0).factory());
    }

    public boolean loaded() {
        return loaded;
    }

    public Optional<String> loadFailure() {
        return Optional.ofNullable(loadFailure.get());
    }

    // ---- lifecycle ----

    @Override
    public void start() {
        running = true;
        Thread.ofPlatform().name("vectord-loader").start(this::loadAll);
        long every = props.snapshot().interval().toMillis();
        snapshots.scheduleWithFixedDelay(() -> open.values().forEach(o -> {
            if (o.snapshotter().dirty()) {
                o.snapshotter().request();
            }
        }), every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        lifecycle.lock();
        try {
            for (OpenIndex o : open.values()) {
                try {
                    o.close(meters, props.snapshot().shutdownTimeout(), true);
                } catch (RuntimeException e) {
                    LOG.error("index {}: flush at shutdown failed: {}", o.settings().name(), e.toString());
                }
            }
            open.clear();
            snapshots.shutdownNow();
            inserts.shutdownNow();
            running = false;
        } finally {
            lifecycle.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Below the web server's phases (graceful shutdown at DEFAULT_PHASE - 1024, start/stop at - 2048): stopped after
     * the server has drained in-flight requests and stopped, so no write arrives after the logs close.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void loadAll() {
        long start = System.nanoTime();
        try {
            List<String> names;
            try (Stream<ObjectInfo> s = store.listAll("indexes/")) {
                names = s.map(ObjectInfo::key).filter(k -> k.name().equals("index.json"))
                        .map(k -> k.value().split("/")[1]).distinct().toList();
            }
            for (String name : names) {
                lifecycle.lock();
                try {
                    if (!running) {
                        return;
                    }
                    Optional<byte[]> bytes = store.getBytes(IndexStorage.settingsKey(name));
                    if (bytes.isEmpty()) {
                        continue;
                    }
                    IndexSettings settings = readSettings(json.readTree(bytes.get()));
                    open.put(name, openIndex(settings, true));
                } catch (Exception e) {
                    LOG.error("index {}: COULD NOT BE LOADED: {}", name, e.toString(), e);
                    loadFailure.set("index " + name + ": " + e.getMessage());
                } finally {
                    lifecycle.unlock();
                }
            }
            LOG.info("loaded {} index(es) in {} ms", open.size(), (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            LOG.error("listing indexes failed: {}", e.toString(), e);
            loadFailure.set("listing indexes failed: " + e.getMessage());
        } finally {
            loaded = loadFailure.get() == null;
        }
    }

    // ---- operations ----

    public Collection<OpenIndex> all() {
        return new TreeMap<>(open).values();
    }

    public Optional<OpenIndex> find(String name) {
        return Optional.ofNullable(open.get(name));
    }

    /** Creates an index, or does nothing when one with the same settings exists; {@link IllegalStateException} when they differ. */
    public Created create(IndexSettings settings) throws IOException {
        lifecycle.lock();
        try {
            OpenIndex existing = open.get(settings.name());
            if (existing != null) {
                if (existing.settings().equals(settings)) {
                    return Created.EXISTED;
                }
                throw new IllegalStateException("index " + settings.name() + " exists with different settings: "
                        + describe(existing.settings()));
            }
            // Leftovers of a drop that did not finish must not leak into the new index.
            IndexStorage.deleteAll(store, settings.name());
            store.put(IndexStorage.settingsKey(settings.name()), json.writeValueAsBytes(writeSettings(settings)));
            open.put(settings.name(), openIndex(settings, false));
            return Created.CREATED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            lifecycle.unlock();
        }
    }

    /** Drops an index and everything it stored; false when there was none. */
    public boolean drop(String name) throws IOException {
        lifecycle.lock();
        try {
            OpenIndex o = open.remove(name);
            if (o == null) {
                return false;
            }
            o.close(meters, props.snapshot().shutdownTimeout(), false);
            IndexStorage.deleteAll(store, name);
            return true;
        } finally {
            lifecycle.unlock();
        }
    }

    private OpenIndex openIndex(IndexSettings settings, boolean recover) throws IOException, InterruptedException {
        String name = settings.name();
        long start = System.nanoTime();
        VectorIndex index = new VectorIndex(settings, props.defaults().initialCapacity());
        IndexStorage storage = new IndexStorage(store, name, json);
        long snapSeq = 0;
        long lastSeq = 0;
        Instant savedAt = null;
        if (recover) {
            Recovery.State state = Recovery.recover(storage, index);
            snapSeq = state.snapshotSeq();
            lastSeq = state.lastSeq();
            savedAt = state.snapshotSavedAt();
            index.syncAll(index.copyItems().stream().map(r -> r.id()).toList(), insertThreads);
            LOG.info("index {}: {} items loaded (snapshot seq {}, log up to seq {}) in {} ms", name, index.size(),
                    snapSeq, lastSeq, (System.nanoTime() - start) / 1_000_000);
        }
        Timer snapshotTimer = Timer.builder("vectord.snapshot.duration").tag("index", name)
                .description("time to write a snapshot").publishPercentileHistogram().register(meters);
        Counter snapshotFailures = Counter.builder("vectord.snapshot.failures").tag("index", name)
                .description("snapshots that failed").register(meters);
        AtomicReference<Snapshotter> snap = new AtomicReference<>();
        IndexLog log = new IndexLog(name, storage, index, lastSeq, props.groupCommit().queueCapacity(),
                props.groupCommit().maxBatchRecords(), props.groupCommit().window().toNanos(),
                (n, b) -> snap.get().committed(n, b));
        Snapshotter snapshotter = new Snapshotter(name, settings.dim(), storage, log, snapshots,
                props.snapshot().minInterval(), props.snapshot().everyRecords(),
                props.snapshot().everyLogSize().toBytes(), snapSeq, savedAt, tmpDir, new Snapshotter.Listener() {
                    @Override
                    public void saved(long seq, long bytes, long nanos) {
                        snapshotTimer.record(Duration.ofNanos(nanos));
                    }

                    @Override
                    public void failed(Exception e) {
                        snapshotFailures.increment();
                    }
                });
        snap.set(snapshotter);
        Recovery.initLogBytes(storage, log);
        if (recover && lastSeq - snapSeq >= props.snapshot().everyRecords()) {
            snapshotter.request();
        }
        List<Meter> registered = new ArrayList<>();
        registered.add(snapshotTimer);
        registered.add(snapshotFailures);
        registered.add(Gauge.builder("vectord.items", index, VectorIndex::size).tag("index", name)
                .description("live items").register(meters));
        registered.add(Gauge.builder("vectord.log.bytes", log, IndexLog::logBytes).tag("index", name)
                .description("bytes of write-ahead log kept in the store").baseUnit("bytes").register(meters));
        Timer search = Timer.builder("vectord.search").tag("index", name).description("search latency")
                .publishPercentileHistogram().register(meters);
        Timer upsert = Timer.builder("vectord.upsert").tag("index", name)
                .description("write latency until durable and searchable").publishPercentileHistogram().register(meters);
        registered.add(search);
        registered.add(upsert);
        // The request thread inserts too: insertThreads - 1 helpers fill the cores.
        return new OpenIndex(settings, index, log, snapshotter, embedder(settings), search, upsert, registered,
                inserts, insertThreads - 1);
    }

    private Embedder embedder(IndexSettings s) {
        EmbedderSpec e = s.embedder();
        if (e == null) {
            return null;
        }
        if (e.type().equals("hash")) {
            return new HashEmbedder(s.dim());
        }
        VectordProperties.Embedder p = props.embedder();
        String key = e.apiKeyEnv() == null ? null : System.getenv(e.apiKeyEnv());
        return new OpenAiEmbedder(URI.create(e.url()), e.model(), key, s.dim(), new OpenAiEmbedder.Options(
                p.connectTimeout(), p.requestTimeout(), p.maxRetries(), p.backoff(), p.batchSize()), json);
    }

    // ---- settings as JSON (index.json and the API share the shape) ----

    public ObjectNode writeSettings(IndexSettings s) {
        ObjectNode n = json.createObjectNode();
        n.put("name", s.name());
        n.put("dim", s.dim());
        n.put("metric", s.metric().wireName());
        n.put("m", s.m());
        n.put("ef_construction", s.efConstruction());
        n.put("ef_search", s.efSearch());
        if (s.embedder() != null) {
            ObjectNode e = n.putObject("embedder");
            e.put("type", s.embedder().type());
            if (s.embedder().url() != null) {
                e.put("url", s.embedder().url());
                e.put("model", s.embedder().model());
            }
            if (s.embedder().apiKeyEnv() != null) {
                e.put("api_key_env", s.embedder().apiKeyEnv());
            }
        } else {
            n.putNull("embedder");
        }
        return n;
    }

    /** Parses settings; missing optional members take the configured defaults. IllegalArgumentException on bad input. */
    public IndexSettings readSettings(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("index settings must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!List.of("name", "dim", "metric", "m", "ef_construction", "ef_search", "embedder").contains(e.getKey())) {
                throw new IllegalArgumentException("unknown member '" + e.getKey() + "'");
            }
        }
        String name = n.path("name").asString(null);
        int dim = intMember(n, "dim", -1);
        if (dim == -1) {
            throw new IllegalArgumentException("dim is required");
        }
        JsonNode metricNode = n.get("metric");
        Metric metric = metricNode == null || metricNode.isNull() ? Metric.COSINE : Metric.parse(textMember(n, "metric"));
        int m = intMember(n, "m", props.defaults().m());
        int efc = intMember(n, "ef_construction", props.defaults().efConstruction());
        int efs = intMember(n, "ef_search", props.defaults().efSearch());
        EmbedderSpec embedder = null;
        JsonNode e = n.get("embedder");
        if (e != null && !e.isNull()) {
            if (!e.isObject()) {
                throw new IllegalArgumentException("embedder must be an object");
            }
            embedder = new EmbedderSpec(textOrNull(e, "type"), textOrNull(e, "url"), textOrNull(e, "model"),
                    textOrNull(e, "api_key_env"));
        }
        return new IndexSettings(name, dim, metric, m, efc, efs, embedder);
    }

    private static int intMember(JsonNode n, String key, int dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(key + " must be an integer, got " + v);
        }
        return v.asInt();
    }

    private static String textMember(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        return v.asString();
    }

    private static String textOrNull(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new IllegalArgumentException("embedder." + key + " must be a string");
        }
        return v.asString();
    }

    private String describe(IndexSettings s) {
        return writeSettings(s).toString();
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }

    ObjectKey settingsKey(String name) {
        return IndexStorage.settingsKey(name);
    }
}
