package io.lakehouse.queryd.lake;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Syncs the mirror (S3 stores) and refreshes the views on a fixed delay, and on demand for POST /v1/refresh. */
public final class RefreshTicker implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshTicker.class);

    private final LakeCatalog catalog;
    private final CuratedMirror mirror;
    private final Duration interval;
    private ScheduledExecutorService scheduler;
    private volatile String lastError;

    /** {@code mirror} is null when DuckDB reads the store's directory directly. */
    public RefreshTicker(LakeCatalog catalog, CuratedMirror mirror, Duration interval) {
        this.catalog = Objects.requireNonNull(catalog, "catalog is null");
        this.mirror = mirror;
        this.interval = Objects.requireNonNull(interval, "interval is null");
    }

    /** One refresh now: mirror first, then the views. */
    public List<TableInfo> refreshNow() throws IOException, SQLException {
        if (mirror != null) {
            mirror.sync();
        }
        return catalog.refresh();
    }

    /** Why the last tick failed, or null. */
    public String lastError() {
        return lastError;
    }

    private void tick() {
        try {
            refreshNow();
            if (lastError != null) {
                LOG.info("refresh recovered");
            }
            lastError = null;
        } catch (Exception e) {
            if (lastError == null) {
                LOG.warn("refresh failed: {}", e.toString());
            }
            lastError = e.toString();
        }
    }

    @Override
    public synchronized void start() {
        tick();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "queryd-refresh");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
