import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for observerd: CONCURRENCY clients post batches of BATCH observations (JSON to /v1/observations or
 * OTLP protobuf to /v1/traces), every batch with fresh run ids (10 runs of BATCH/10 nested observations), for
 * WARMUP then DURATION seconds; one more client asks GET /v1/stats?window=1m every 50 ms meanwhile. Prints
 * observations/s acknowledged, request latency p50/p99, stats latency p50/p99, and 429 answers.
 *
 *   java -cp <opentelemetry-proto + protobuf-java jars> ObserverdBench.java URL json|otlp BATCH CONCURRENCY WARMUP DURATION
 *        [SERVER_PID: also prints observations per CPU-second of the server]
 */
public class ObserverdBench {
    static final byte[] MARK = "RUNMARK0".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] a) throws Exception {
        String url = a[0];
        boolean otlp = a[1].equals("otlp");
        int batch = Integer.parseInt(a[2]);
        int concurrency = Integer.parseInt(a[3]);
        int warmup = Integer.parseInt(a[4]);
        int duration = Integer.parseInt(a[5]);
        long serverPid = a.length > 6 ? Long.parseLong(a[6]) : -1;
        byte[] template = otlp ? otlpTemplate(batch) : jsonTemplate(batch);
        int[] marks = positions(template);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong counter = new AtomicLong(System.nanoTime());
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong observations = new AtomicLong();
        AtomicLong throttled = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Long> statsLatencies = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    byte[] body = template.clone();
                    byte[] id = String.format("%08x", counter.incrementAndGet() & 0xffffffffL)
                            .getBytes(StandardCharsets.US_ASCII);
                    for (int m : marks) {
                        System.arraycopy(id, 0, body, m, 8);
                    }
                    HttpRequest req = HttpRequest.newBuilder(URI.create(url + (otlp ? "/v1/traces" : "/v1/observations")))
                            .header("Content-Type", otlp ? "application/x-protobuf" : "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - t0;
                        if (!measuring.get()) {
                            continue;
                        }
                        if (r.statusCode() == 202 || r.statusCode() == 200) {
                            observations.addAndGet(batch);
                            latencies.add(took);
                        } else if (r.statusCode() == 429) {
                            throttled.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        threads.add(Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                long t0 = System.nanoTime();
                try {
                    http.send(HttpRequest.newBuilder(URI.create(url + "/v1/stats?window=1m")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (measuring.get()) {
                        statsLatencies.add(System.nanoTime() - t0);
                    }
                    Thread.sleep(50);
                } catch (Exception e) {
                    return;
                }
            }
        }));
        Thread.sleep(warmup * 1000L);
        measuring.set(true);
        long start = System.nanoTime();
        double cpu0 = cpuSeconds(serverPid);
        long self = ProcessHandle.current().pid();
        double own0 = cpuSeconds(self);
        Thread.sleep(duration * 1000L);
        double cpu = cpuSeconds(serverPid) - cpu0;
        double own = cpuSeconds(self) - own0;
        measuring.set(false);
        double secs = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
        System.out.printf("%s batch=%d clients=%d: %.0f observations/s, request p50 %.1f ms p99 %.1f ms, "
                        + "stats p50 %.1f ms p99 %.1f ms (%d samples), 429s %d, failures %d%n",
                otlp ? "otlp-protobuf" : "json", batch, concurrency, observations.get() / secs, pct(latencies, 50),
                pct(latencies, 99), pct(statsLatencies, 50), pct(statsLatencies, 99), statsLatencies.size(),
                throttled.get(), failed.get());
        if (serverPid > 0) {
            // Throughput per CPU-second of the server: what the code costs, whatever else shares the machine.
            System.out.printf("  server CPU %.1f s over %.1f s: %.0f observations per server CPU-second%n", cpu, secs,
                    observations.get() / cpu);
        }
        // The load generator shares the machine: what it takes is not available to the server.
        System.out.printf("  client CPU %.1f s over %.1f s (%.2f cores)%n", own, secs, own / secs);
    }

    /** utime + stime of a process, from /proc (clock ticks of 1/100 s). */
    static double cpuSeconds(long pid) throws java.io.IOException {
        if (pid <= 0) {
            return 0;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    static double pct(List<Long> v, double p) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        Long[] s = v.toArray(new Long[0]);
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100 * s.length) - 1)] / 1e6;
    }

    static int[] positions(byte[] body) {
        List<Integer> at = new ArrayList<>();
        outer:
        for (int i = 0; i + MARK.length <= body.length; i++) {
            for (int j = 0; j < MARK.length; j++) {
                if (body[i + j] != MARK[j]) {
                    continue outer;
                }
            }
            at.add(i);
        }
        return at.stream().mapToInt(Integer::intValue).toArray();
    }

    /** BATCH observations in 10 runs; the run ids contain the marker the clients overwrite per request. */
    static byte[] jsonTemplate(int batch) {
        Instant t = Instant.now().minusSeconds(5);
        StringBuilder b = new StringBuilder("[");
        int perRun = Math.max(1, batch / 10);
        for (int i = 0; i < batch; i++) {
            int run = i / perRun;
            String runId = "RUNMARK0-" + run;
            boolean root = i % perRun == 0;
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"observation_id\":\"o").append(i).append("\",\"run_id\":\"").append(runId).append('"');
            if (!root) {
                b.append(",\"parent_id\":\"o").append(run * perRun).append('"');
            }
            b.append(",\"agent\":\"bench-agent-").append(run % 4).append("\",\"kind\":\"")
                    .append(root ? "run" : "llm_call").append("\",\"name\":\"").append(root ? "plan" : "chat")
                    .append("\",\"started_at\":\"").append(t.plusMillis(i)).append("\",\"ended_at\":\"")
                    .append(t.plusMillis(i + 5 + i % 50)).append("\",\"status\":\"").append(i % 20 == 0 ? "error" : "ok")
                    .append("\",\"input_tokens\":").append(100 + i % 7).append(",\"output_tokens\":").append(20 + i % 5)
                    .append(",\"cost_usd\":0.0004,\"attributes\":{\"model\":\"gpt-bench\",\"temperature\":0.2}}");
        }
        return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] otlpTemplate(int batch) {
        long t = (Instant.now().toEpochMilli() - 5_000) * 1_000_000L;
        int perRun = Math.max(1, batch / 10);
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        scope.getScopeBuilder().setName("bench");
        for (int i = 0; i < batch; i++) {
            int run = i / perRun;
            boolean root = i % perRun == 0;
            byte[] trace = ByteBuffer.allocate(16).put(MARK).putLong(run).array();
            Span.Builder s = Span.newBuilder().setTraceId(ByteString.copyFrom(trace))
                    .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(i + 1).array()))
                    .setName(root ? "invoke_agent" : "chat").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                    .setStartTimeUnixNano(t + i * 1_000_000L).setEndTimeUnixNano(t + (i + 5 + i % 50) * 1_000_000L)
                    .addAttributes(kv("gen_ai.operation.name", root ? "invoke_agent" : "chat"))
                    .addAttributes(kv("gen_ai.agent.name", "bench-agent-" + run % 4))
                    .addAttributes(kv("gen_ai.request.model", "gpt-bench"))
                    .addAttributes(KeyValue.newBuilder().setKey("gen_ai.usage.input_tokens")
                            .setValue(AnyValue.newBuilder().setIntValue(100 + i % 7)))
                    .addAttributes(KeyValue.newBuilder().setKey("gen_ai.usage.output_tokens")
                            .setValue(AnyValue.newBuilder().setIntValue(20 + i % 5)));
            if (!root) {
                s.setParentSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(run * perRun + 1).array()));
            }
            scope.addSpans(s);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "bench")))
                .addScopeSpans(scope)).build().toByteArray();
    }

    static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }
}
