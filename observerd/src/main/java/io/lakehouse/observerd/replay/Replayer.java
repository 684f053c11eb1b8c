package io.lakehouse.observerd.replay;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Re-sends a capture's requests to one target, at most {@code concurrency} at a time and each within
 * {@code timeout}, and compares every answer with the recorded one: status, then body structurally with the ignore
 * paths applied. Redirects are not followed (a target cannot bounce replay elsewhere). Spring-free: the endpoint and
 * the parity tooling use the same class.
 */
public final class Replayer {
    /** Headers the HTTP client sets itself or refuses; a capture's copies are dropped. */
    private static final Set<String> DROPPED = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade", "keep-alive", "te", "trailer", "http2-settings");

    private final HttpClient client;
    private final JsonMapper json;
    private final int concurrency;
    private final Duration timeout;
    private final int maxDiffs;

    public Replayer(JsonMapper json, int concurrency, Duration connectTimeout, Duration timeout, int maxDiffs) {
        this.json = json;
        this.concurrency = concurrency;
        this.timeout = timeout;
        this.maxDiffs = maxDiffs;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout).build();
    }

    /** What one case did. {@code actualStatus} is 0 when no answer came (see {@code error}). */
    public record CaseResult(String name, int expectedStatus, int actualStatus, boolean bodyMatch,
                             List<JsonDiff.Difference> diff, int ignored, String error, long elapsedMs) {
        public boolean statusMatch() {
            return expectedStatus == actualStatus;
        }
    }

    /** The whole replay. */
    public record Report(String target, int total, int statusMatch, int bodyMatch, List<CaseResult> cases) {
        public String summary() {
            return statusMatch + "/" + total + " statuses, " + bodyMatch + "/" + total + " bodies match";
        }
    }

    public Report replay(Capture capture, URI target, IgnorePaths ignore, Map<String, String> extraHeaders) {
        Semaphore slots = new Semaphore(concurrency);
        List<CaseResult> results = new ArrayList<>(capture.cases().size());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CaseResult>> futures = new ArrayList<>();
            for (Capture.Case c : capture.cases()) {
                futures.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        return run(c, target, ignore, extraHeaders);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    Capture.Case c = capture.cases().get(i);
                    results.add(new CaseResult(c.name(), c.expectedStatus(), 0, false, List.of(), 0,
                            String.valueOf(e.getCause()), 0));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("replay interrupted", e);
                }
            }
        }
        int status = (int) results.stream().filter(CaseResult::statusMatch).count();
        int body = (int) results.stream().filter(CaseResult::bodyMatch).count();
        return new Report(target.toString(), results.size(), status, body, results);
    }

    private CaseResult run(Capture.Case c, URI target, IgnorePaths ignore, Map<String, String> extraHeaders) {
        URI uri = URI.create(target.toString() + c.path());
        if (!uri.getHost().equalsIgnoreCase(target.getHost()) || uri.getPort() != target.getPort()
                || !uri.getScheme().equalsIgnoreCase(target.getScheme())) {
            // Paths are checked when the capture is read; this guards the invariant that replay stays on target.
            return new CaseResult(c.name(), c.expectedStatus(), 0, false, List.of(), 0,
                    "the case's path leaves the target", 0);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        c.headers().forEach((k, v) -> {
            if (!DROPPED.contains(k.toLowerCase(Locale.ROOT))) {
                b.setHeader(k, v);
            }
        });
        extraHeaders.forEach(b::setHeader);
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            return failed(c, "timed out after " + timeout.toMillis() + " ms", t0);
        } catch (java.io.IOException e) {
            return failed(c, "request failed: " + e, t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(c, "interrupted", t0);
        }
        long elapsed = (System.nanoTime() - t0) / 1_000_000;
        if (c.expectedBody() == null) {
            return new CaseResult(c.name(), c.expectedStatus(), r.statusCode(), true, List.of(), 0, null, elapsed);
        }
        JsonNode actual;
        try {
            actual = json.readTree(r.body());
        } catch (JacksonException e) {
            actual = null;
        }
        if (actual == null || actual.isMissingNode()) {
            String text = new String(r.body(), 0, Math.min(r.body().length, 200), StandardCharsets.UTF_8);
            var d = new JsonDiff.Difference("$", "type", c.expectedBody(), json.getNodeFactory().stringNode(
                    "<not JSON: " + text + ">"));
            return new CaseResult(c.name(), c.expectedStatus(), r.statusCode(), false, List.of(d), 0, null, elapsed);
        }
        List<JsonDiff.Difference> all = JsonDiff.diff(c.expectedBody(), actual, Integer.MAX_VALUE);
        List<JsonDiff.Difference> kept = all;
        if (!ignore.isEmpty() && !all.isEmpty()) {
            Set<String> ignored = ignore.matches(c.expectedBody().toString(), actual.toString());
            kept = all.stream().filter(d -> !IgnorePaths.covers(ignored, d.path())).toList();
        }
        int ignoredCount = all.size() - kept.size();
        return new CaseResult(c.name(), c.expectedStatus(), r.statusCode(), kept.isEmpty(),
                kept.size() > maxDiffs ? kept.subList(0, maxDiffs) : kept, ignoredCount, null, elapsed);
    }

    private static CaseResult failed(Capture.Case c, String why, long t0) {
        return new CaseResult(c.name(), c.expectedStatus(), 0, false, List.of(), 0, why,
                (System.nanoTime() - t0) / 1_000_000);
    }
}
