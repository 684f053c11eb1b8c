package io.lakehouse.validation;

import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dataset contracts over the object store: {@code schemas/<dataset>/v<N>.schema.json}, append-only.
 *
 * <p>Readers never lock: the compiled contracts live in an immutable map published through a volatile field and
 * replaced whole when a version appears. Versions are created with {@code putIfAbsent}, so two replicas cannot both
 * write vN: the loser re-reads and either finds its document already there (a no-op) or takes the next number.
 * Other replicas notice new versions by polling the store ({@link #startPolling}) and, for a dataset or version they
 * do not know yet, by re-reading the store on the miss (at most once per {@code missRecheck} per dataset).
 */
public final class ContractRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContractRegistry.class);
    static final String ROOT = "schemas/";
    private static final Pattern VERSION_KEY = Pattern.compile("^schemas/([a-z][a-z0-9_]{0,62})/v([1-9][0-9]{0,8})\\.schema\\.json$");
    private static final int MAX_PUT_ATTEMPTS = 16;
    private static final int MAX_MISS_ENTRIES = 10_000;

    private final ObjectStore store;
    private final ValidationEngine engine;
    private final Duration missRecheck;
    private final Clock clock;
    private final Object writeLock = new Object();
    private final Map<String, Long> lastMissCheck = new ConcurrentHashMap<>();
    /** Keys that failed to load (not JSON, not a schema); skipped until they change, logged once. */
    private final Map<String, String> broken = new ConcurrentHashMap<>();

    private volatile Map<String, Versions> datasets = Map.of();
    private volatile boolean loaded;
    private ScheduledExecutorService poller;

    public ContractRegistry(ObjectStore store, ValidationEngine engine, Duration missRecheck, Clock clock) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.engine = Objects.requireNonNull(engine, "engine is null");
        this.missRecheck = Objects.requireNonNull(missRecheck, "missRecheck is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    public ValidationEngine engine() {
        return engine;
    }

    /** True once the store has been read completely at least once. */
    public boolean loaded() {
        return loaded;
    }

    /** The latest version of a dataset's contract. */
    public Optional<Contract> latest(String dataset) {
        Versions v = datasets.get(dataset);
        if (v == null && recheckAllowed(dataset)) {
            refreshQuietly(dataset);
            v = datasets.get(dataset);
        }
        return v == null ? Optional.empty() : Optional.of(v.latest());
    }

    /** One version of a dataset's contract. */
    public Optional<Contract> version(String dataset, int version) {
        Versions v = datasets.get(dataset);
        Contract c = v == null ? null : v.get(version);
        if (c == null && (v == null || version > v.latest().version()) && recheckAllowed(dataset)) {
            refreshQuietly(dataset);
            v = datasets.get(dataset);
            c = v == null ? null : v.get(version);
        }
        return Optional.ofNullable(c);
    }

    /** Every dataset with its latest version, by name. */
    public List<Contract> latestOfEach() {
        List<Contract> out = new ArrayList<>();
        datasets.values().forEach(v -> out.add(v.latest()));
        out.sort((a, b) -> a.dataset().compareTo(b.dataset()));
        return out;
    }

    /** What {@link #put} did. */
    public record PutResult(String dataset, int version, boolean created) {
    }

    /**
     * Stores {@code source} as the next version of {@code dataset}, or returns the latest version when it holds the
     * same document. The name must already be valid ({@link DatasetName}); the document is checked here.
     */
    public PutResult put(String dataset, byte[] source) throws InvalidContractException, IOException {
        if (!DatasetName.isValid(dataset)) {
            throw new IllegalArgumentException(DatasetName.problem(dataset));
        }
        Contract candidate = engine.compile(dataset, 1, source, clock.instant());
        synchronized (writeLock) {
            refresh(dataset);
            for (int attempt = 0; attempt < MAX_PUT_ATTEMPTS; attempt++) {
                Versions current = datasets.get(dataset);
                if (current != null && current.latest().document().equals(candidate.document())) {
                    return new PutResult(dataset, current.latest().version(), false);
                }
                int next = current == null ? 1 : current.latest().version() + 1;
                ObjectKey key = key(dataset, next);
                if (store.putIfAbsent(key, source)) {
                    Contract stored = engine.compile(dataset, next, candidate.document(), source, clock.instant());
                    install(stored);
                    LOG.info("stored contract {} v{}", dataset, next);
                    return new PutResult(dataset, next, true);
                }
                // Another replica wrote vN first: read what it wrote and try again.
                refresh(dataset);
            }
        }
        throw new IOException("could not store a new version of " + dataset + " after " + MAX_PUT_ATTEMPTS
                + " attempts: other writers keep winning");
    }

    /** Writes a shipped contract as v1 when the dataset has no version at all. */
    public boolean seed(String dataset, byte[] source) throws InvalidContractException, IOException {
        Contract candidate = engine.compile(dataset, 1, source, clock.instant());
        synchronized (writeLock) {
            refresh(dataset);
            if (datasets.containsKey(dataset)) {
                return false;
            }
            if (store.putIfAbsent(key(dataset, 1), source)) {
                install(engine.compile(dataset, 1, candidate.document(), source, clock.instant()));
                LOG.info("seeded contract {} v1", dataset);
                return true;
            }
            refresh(dataset);
            return false;
        }
    }

    /** Reads every key under {@code schemas/} and loads the versions not known yet. */
    public void refreshAll() throws IOException {
        load(ROOT);
        loaded = true;
    }

    /** Reads one dataset's keys and loads the versions not known yet. */
    public void refresh(String dataset) throws IOException {
        load(ROOT + dataset + "/");
    }

    /** Polls the store every {@code interval} on a daemon thread until {@link #close}. */
    public synchronized void startPolling(Duration interval) {
        if (poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "contract-poller");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, interval.toMillis());
        poller.scheduleWithFixedDelay(() -> {
            try {
                refreshAll();
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("polling contracts failed: {}", e.toString());
            } catch (RuntimeException e) {
                LOG.warn("polling contracts failed", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    static ObjectKey key(String dataset, int version) {
        return ObjectKey.of("schemas", dataset, "v" + version + ".schema.json");
    }

    private void refreshQuietly(String dataset) {
        try {
            refresh(dataset);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("re-reading contracts of {} failed: {}", dataset, e.toString());
        }
    }

    private boolean recheckAllowed(String dataset) {
        long now = System.nanoTime();
        Long last = lastMissCheck.get(dataset);
        if (last != null && now - last < missRecheck.toNanos()) {
            return false;
        }
        if (lastMissCheck.size() >= MAX_MISS_ENTRIES) {
            lastMissCheck.clear();
        }
        lastMissCheck.put(dataset, now);
        return true;
    }

    private void load(String prefix) throws IOException {
        List<ObjectInfo> fresh = new ArrayList<>();
        Map<String, Versions> known = datasets;
        try (Stream<ObjectInfo> all = store.listAll(prefix)) {
            all.forEach(info -> {
                Matcher m = VERSION_KEY.matcher(info.key().value());
                if (!m.matches()) {
                    return;
                }
                Versions v = known.get(m.group(1));
                int n = Integer.parseInt(m.group(2));
                if ((v == null || v.get(n) == null) && !info.etag().equals(broken.get(info.key().value()))) {
                    fresh.add(info);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (ObjectInfo info : fresh) {
            Matcher m = VERSION_KEY.matcher(info.key().value());
            if (!m.matches()) {
                continue;
            }
            String dataset = m.group(1);
            int version = Integer.parseInt(m.group(2));
            Optional<byte[]> bytes = store.getBytes(info.key());
            if (bytes.isEmpty()) {
                continue;
            }
            try {
                install(engine.compile(dataset, version, bytes.get(), info.modified()));
            } catch (InvalidContractException e) {
                broken.put(info.key().value(), info.etag());
                LOG.warn("skipping contract {}: {}", info.key(), e.getMessage());
            }
        }
    }

    private void install(Contract c) {
        synchronized (this) {
            Map<String, Versions> next = new HashMap<>(datasets);
            Versions current = next.get(c.dataset());
            if (current != null && current.get(c.version()) != null) {
                return;
            }
            next.put(c.dataset(), current == null ? Versions.of(c) : current.with(c));
            datasets = Collections.unmodifiableMap(next);
        }
    }

    /** The versions of one dataset, sorted; immutable. */
    private record Versions(Contract[] byVersion) {
        static Versions of(Contract c) {
            return new Versions(new Contract[] {c});
        }

        Contract latest() {
            return byVersion[byVersion.length - 1];
        }

        Contract get(int version) {
            int lo = 0;
            int hi = byVersion.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int v = byVersion[mid].version();
                if (v == version) {
                    return byVersion[mid];
                }
                if (v < version) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return null;
        }

        Versions with(Contract c) {
            Contract[] next = Arrays.copyOf(byVersion, byVersion.length + 1);
            next[next.length - 1] = c;
            Arrays.sort(next, (a, b) -> Integer.compare(a.version(), b.version()));
            return new Versions(next);
        }
    }
}
