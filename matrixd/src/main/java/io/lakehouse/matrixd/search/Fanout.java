package io.lakehouse.matrixd.search;

import io.lakehouse.shared.peer.PeerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs every source of a search at once, one virtual thread each, and waits for each no longer than
 * {@code min(its own timeout, the request deadline)}. A source past its time is cancelled (its thread interrupted,
 * which aborts the HTTP exchange) and reported as {@code timeout}; a failure is reported as {@code error}. Never
 * throws for a source's sake.
 */
public final class Fanout {
    private static final Logger LOG = LoggerFactory.getLogger(Fanout.class);

    private final ExecutorService executor;
    private final SourceRunner runner;
    private final SourceMetrics metrics;

    public Fanout(ExecutorService executor, SourceRunner runner, SourceMetrics metrics) {
        this.executor = executor;
        this.runner = runner;
        this.metrics = metrics;
    }

    /** One result per source, in request order. */
    public List<SourceResult> run(SearchRequest request) {
        long start = System.nanoTime();
        long deadline = start + request.deadline().toNanos();
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        List<Future<SourceResult>> futures = new ArrayList<>();
        for (SourceSpec spec : request.sources()) {
            futures.add(executor.submit(() -> call(spec, request.query(), mdc)));
        }
        List<SourceResult> out = new ArrayList<>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            SourceSpec spec = request.sources().get(i);
            long until = Math.min(start + spec.timeout().toNanos(), deadline);
            Future<SourceResult> f = futures.get(i);
            SourceResult r;
            try {
                r = f.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                boolean cutByDeadline = until == deadline && deadline < start + spec.timeout().toNanos();
                r = SourceResult.timeout(spec, millis(System.nanoTime() - start), cutByDeadline
                        ? "no answer before the request's deadline of " + request.deadline().toMillis() + " ms"
                        : "no answer within the source's timeout of " + spec.timeout().toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                throw new IllegalStateException("interrupted while waiting for sources", e);
            } catch (ExecutionException e) {
                // call() catches everything; this is a bug, reported as the source's error rather than a 500.
                r = SourceResult.error(spec, millis(System.nanoTime() - start), "internal_error",
                        String.valueOf(e.getCause()), 0);
            }
            metrics.record(r);
            out.add(r);
        }
        return out;
    }

    private SourceResult call(SourceSpec spec, String query, Map<String, String> mdc) {
        if (mdc != null) {
            MDC.setContextMap(mdc);
        }
        long t0 = System.nanoTime();
        try {
            List<Hit> hits = runner.run(spec, query);
            return SourceResult.ok(spec, millis(System.nanoTime() - t0), hits);
        } catch (PeerException e) {
            double took = millis(System.nanoTime() - t0);
            if (e.status() == 0 && isTimeout(e)) {
                return SourceResult.timeout(spec, took, e.getMessage());
            }
            String code = e.status() == 0 ? "unreachable" : e.code() != null ? e.code() : "http_" + e.status();
            return SourceResult.error(spec, took, code, e.getMessage(), e.status());
        } catch (SourceRunner.SourceFailure e) {
            return SourceResult.error(spec, millis(System.nanoTime() - t0), e.code(), e.getMessage(), 0);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return SourceResult.timeout(spec, millis(System.nanoTime() - t0), "cancelled");
            }
            LOG.warn("source {} ({}) failed unexpectedly", spec.name(), spec.type(), e);
            return SourceResult.error(spec, millis(System.nanoTime() - t0), "bad_answer",
                    e.getClass().getSimpleName() + ": " + e.getMessage(), 0);
        } finally {
            MDC.clear();
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

}
