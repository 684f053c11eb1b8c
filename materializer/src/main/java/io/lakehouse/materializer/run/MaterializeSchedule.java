package io.lakehouse.materializer.run;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Materializes every dataset every {@code lakehouse.materializer.interval} (0 turns it off). */
public final class MaterializeSchedule implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(MaterializeSchedule.class);

    private final Materializer materializer;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public MaterializeSchedule(Materializer materializer, Duration interval) {
        this.materializer = materializer;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "materializer-schedule");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                materializer.run(null, "schedule", false);
            } catch (Exception e) {
                LOG.warn("scheduled materialize failed: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        LOG.info("materializing every dataset every {}", interval);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
