package io.lakehouse.materializer.run;

import io.lakehouse.materializer.MaterializerError;
import io.lakehouse.materializer.MaterializerProperties;
import io.lakehouse.shared.ids.Ids;
import io.lakehouse.shared.web.ApiException;
import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.lease.LeaseHolder;
import io.lakehouse.store.lease.StoreLease;
import io.lakehouse.store.lease.StoreLeases;
import io.lakehouse.validation.Contract;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.FastValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs materialization: for each dataset, under its lease, every raw object without a done-marker goes through
 * {@link ObjectMaterializer}; the run record is kept in the store; queryd is told after each committed dataset.
 */
public final class Materializer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Materializer.class);

    private final ObjectStore store;
    private final ContractRegistry contracts;
    private final JsonMapper json;
    private final MaterializerProperties properties;
    private final Consumer<String> refresh;
    private final RunLog runs;
    private final StoreLeases locks;
    private final Clock clock;
    private final Set<String> runningHere = ConcurrentHashMap.newKeySet();
    private final int validatorCount;
    private final MeterRegistry meters;
    private final ExecutorService validators;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "materializer-progress");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param refresh called with the dataset after each committed dataset (best effort, must not throw)
     */
    public Materializer(ObjectStore store, ContractRegistry contracts, JsonMapper json,
                        MaterializerProperties properties, Consumer<String> refresh, Clock clock) {
        this(store, contracts, json, properties, refresh, clock, new SimpleMeterRegistry());
    }

    /** With counters {@code materializer.records{dataset,outcome}}, {@code materializer.objects{dataset}},
     *  {@code materializer.dataset.runs{dataset,status}} in {@code meters}. */
    public Materializer(ObjectStore store, ContractRegistry contracts, JsonMapper json,
                        MaterializerProperties properties, Consumer<String> refresh, Clock clock,
                        MeterRegistry meters) {
        this.meters = meters;
        this.store = store;
        this.contracts = contracts;
        this.json = json;
        this.properties = properties;
        this.refresh = refresh;
        this.runs = new RunLog(store, json);
        this.clock = clock;
        // The same single-writer leases as the daemons' (ADR 0003), one per dataset and run, renewed by the library.
        this.locks = new StoreLeases(store, StoreLeases.Settings.of(properties.leaseTtl()), clock,
                LeaseHolder.current("materializer"));
        this.validatorCount = properties.validationThreads() > 0 ? properties.validationThreads()
                : Runtime.getRuntime().availableProcessors();
        AtomicLong n = new AtomicLong();
        this.validators = Executors.newFixedThreadPool(validatorCount, r -> {
            Thread t = new Thread(r, "materializer-validate-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public RunLog runs() {
        return runs;
    }

    /**
     * Materializes one dataset, or every dataset with a contract when {@code dataset} is null.
     *
     * @param trigger  {@code api}, {@code schedule} or {@code once}, kept in the record
     * @param keepIdle whether a run that found nothing to do is kept in the run log
     * @throws ApiException 404 for a dataset without a contract, 409 when that dataset is running elsewhere
     */
    public RunRecord run(String dataset, String trigger, boolean keepIdle) throws IOException {
        return run(dataset, trigger, keepIdle, Duration.ZERO);
    }

    /**
     * As {@link #run(String, String, boolean)}, waiting up to {@code leaseWait} for a dataset whose lease another
     * process holds (the one-shot command waits out the lease of a run that was killed).
     */
    public RunRecord run(String dataset, String trigger, boolean keepIdle, Duration leaseWait) throws IOException {
        List<String> datasets;
        if (dataset != null) {
            if (contracts.latest(dataset).isEmpty()) {
                throw new ApiException(MaterializerError.UNKNOWN_DATASET, "no contract for dataset \"" + dataset
                        + "\"", Map.of("dataset", dataset));
            }
            datasets = List.of(dataset);
        } else {
            datasets = contracts.latestOfEach().stream().map(Contract::dataset).toList();
        }
        String runId = Ids.newId();
        String started = now();
        List<RunRecord.DatasetStats> stats = new ArrayList<>();
        boolean saved = false;
        if (keepIdle) {
            runs.save(new RunRecord(runId, started, null, RunRecord.RUNNING, trigger, List.of()));
            saved = true;
        }
        for (String d : datasets) {
            RunRecord.DatasetStats s = runDataset(d, dataset != null, leaseWait);
            stats.add(s);
            meters.counter("materializer.dataset.runs", "dataset", d, "status", s.status()).increment();
            if (s.objects() > 0) {
                meters.counter("materializer.objects", "dataset", d).increment(s.objects());
                meters.counter("materializer.records", "dataset", d, "outcome", "valid").increment(s.valid());
                meters.counter("materializer.records", "dataset", d, "outcome", "invalid").increment(s.invalid());
            }
        }
        boolean failed = stats.stream().anyMatch(s -> s.status().equals(RunRecord.FAILED));
        RunRecord record = new RunRecord(runId, started, now(), failed ? RunRecord.FAILED : RunRecord.SUCCEEDED,
                trigger, stats);
        boolean didWork = stats.stream().anyMatch(s -> s.objects() > 0 || s.status().equals(RunRecord.FAILED));
        if (saved || didWork) {
            runs.save(record);
        }
        return record;
    }

    private RunRecord.DatasetStats runDataset(String dataset, boolean named, Duration leaseWait) {
        long t0 = System.nanoTime();
        if (!runningHere.add(dataset)) {
            return busy(dataset, named);
        }
        try {
            String prefix = Layout.lockPrefix(dataset);
            Optional<StoreLease> lease = locks.tryAcquire(prefix, null);
            long deadline = System.nanoTime() + leaseWait.toNanos();
            if (lease.isEmpty() && leaseWait.isPositive()) {
                LOG.info("{}: another run holds the lease; waiting up to {} for it to end or expire", dataset,
                        leaseWait);
            }
            while (lease.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                lease = locks.tryAcquire(prefix, null);
            }
            if (lease.isEmpty()) {
                return busy(dataset, named);
            }
            try (StoreLease held = lease.get()) {
                return materialize(dataset, t0);
            }
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            LOG.error("materializing {} failed", dataset, e);
            return new RunRecord.DatasetStats(dataset, RunRecord.FAILED, 0, 0, 0, 0, 0, 0, 0, seconds(t0),
                    String.valueOf(e.getMessage()));
        } finally {
            runningHere.remove(dataset);
        }
    }

    private RunRecord.DatasetStats busy(String dataset, boolean named) {
        if (named) {
            throw new ApiException(MaterializerError.RUN_IN_PROGRESS, "a run of dataset \"" + dataset
                    + "\" is in progress; try again when it has finished", Map.of("dataset", dataset));
        }
        return new RunRecord.DatasetStats(dataset, "skipped", 0, 0, 0, 0, 0, 0, 0, 0,
                "a run of this dataset is in progress elsewhere");
    }

    private RunRecord.DatasetStats materialize(String dataset, long t0) throws Exception {
        Contract contract = contracts.latest(dataset).orElseThrow(() -> new IOException("contract vanished"));
        List<Layout.Raw> pending = pending(dataset);
        dropOrphanedStaging(dataset, pending);
        long objects = 0;
        long records = 0;
        long valid = 0;
        long invalid = 0;
        long files = 0;
        long bytes = 0;
        Set<String> partitions = new TreeSet<>();
        if (!pending.isEmpty()) {
            LOG.info("{}: {} raw objects to materialize (contract v{})", dataset, pending.size(), contract.version());
            Map<String, String> columns = ColumnTypes.of(contract.document());
            Path work = properties.workPath().resolve("run-" + Ids.newId());
            AtomicLong progress = new AtomicLong();
            AtomicLong done = new AtomicLong();
            long progressMs = Math.max(100, properties.progressInterval().toMillis());
            ScheduledFuture<?> reporter = timers.scheduleWithFixedDelay(() -> LOG.info(
                    "{}: objects {}/{}, records {}, {} records/s", dataset, done.get(), pending.size(), progress.get(),
                    Math.round(progress.get() / Math.max(1e-9, (System.nanoTime() - t0) / 1e9))),
                    progressMs, progressMs, TimeUnit.MILLISECONDS);
            try (ParquetWriter parquet = new ParquetWriter(properties.duckdbThreads(),
                    properties.duckdbMemoryLimit().toBytes(), work.resolve("spill"))) {
                FastValidator fast = FastValidator.compile(contracts.engine(), contract).orElse(null);
                if (fast == null) {
                    LOG.info("{}: contract v{} uses keywords the fast path does not know; every record goes through"
                            + " the full engine", dataset, contract.version());
                }
                ObjectMaterializer om = new ObjectMaterializer(store, contracts.engine(), fast, json, parquet, work,
                        this::pause, validators, validatorCount);
                for (Layout.Raw raw : pending) {
                    Optional<ObjectMaterializer.Manifest> m = om.materialize(raw, contract, columns, progress);
                    done.incrementAndGet();
                    if (m.isEmpty()) {
                        continue;
                    }
                    objects++;
                    records += m.get().records();
                    valid += m.get().valid();
                    invalid += m.get().invalid();
                    files += m.get().parquetFiles();
                    bytes += m.get().parquetBytes();
                    partitions.addAll(m.get().partitions());
                }
            } finally {
                reporter.cancel(false);
                ObjectMaterializer.deleteTree(work);
            }
            LOG.info("{}: {} objects, {} records ({} valid, {} invalid) in {} s", dataset, objects, records, valid,
                    invalid, String.format("%.1f", seconds(t0)));
            if (objects > 0 && properties.refreshQueryd()) {
                refresh.accept(dataset);
            }
        }
        return new RunRecord.DatasetStats(dataset, RunRecord.SUCCEEDED, objects, records, valid, invalid, files, bytes,
                partitions.size(), seconds(t0), null);
    }

    /**
     * Staging objects of raw objects that are done (a crash between the done-marker and the staging cleanup) or
     * gone; safe because this process holds the dataset's lease.
     */
    private void dropOrphanedStaging(String dataset, List<Layout.Raw> pending) throws IOException {
        Set<String> live = new HashSet<>();
        pending.forEach(r -> live.add(r.id()));
        String prefix = Layout.stagingPrefix(dataset);
        List<io.lakehouse.store.ObjectKey> orphans = new ArrayList<>();
        try (Stream<ObjectInfo> s = store.listAll(prefix)) {
            s.forEach(i -> {
                String rest = i.key().value().substring(prefix.length());
                int slash = rest.indexOf('/');
                if (slash > 0 && !live.contains(rest.substring(0, slash))) {
                    orphans.add(i.key());
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (io.lakehouse.store.ObjectKey k : orphans) {
            store.delete(k);
        }
        if (!orphans.isEmpty()) {
            LOG.info("{}: removed {} orphaned staging objects", dataset, orphans.size());
        }
    }

    /** Raw objects of a dataset without a done-marker, oldest key first. */
    private List<Layout.Raw> pending(String dataset) throws IOException {
        Set<String> done = new HashSet<>();
        try (Stream<ObjectInfo> s = store.listAll(Layout.donePrefix(dataset))) {
            s.forEach(i -> done.add(i.key().value()));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<Layout.Raw> out = new ArrayList<>();
        try (Stream<ObjectInfo> s = store.listAll(Layout.rawPrefix(dataset))) {
            s.forEach(i -> {
                Layout.Raw raw = Layout.parseRaw(i.key());
                if (raw != null && !done.contains(Layout.done(raw).value())) {
                    out.add(raw);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }

    private void pause(String point) {
        if (point.equals(properties.pauseAt())) {
            System.err.println("materializer paused at " + point);
            System.err.flush();
            try {
                Thread.sleep(Duration.ofHours(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
    }

    @Override
    public void close() {
        locks.close();
        timers.shutdownNow();
        validators.shutdownNow();
    }
}
