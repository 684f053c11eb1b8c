package io.lakehouse.observerd.bench;

import io.lakehouse.observerd.ObserverdProperties;
import io.lakehouse.observerd.ingest.Ingestor;
import io.lakehouse.observerd.ingest.ObservationLog;
import io.lakehouse.observerd.observation.Observation;
import io.lakehouse.observerd.observation.ObservationCodec;
import io.lakehouse.observerd.otlp.SpanMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.lakehouse.observerd.runs.RunIndex;
import io.lakehouse.observerd.stats.LiveStats;
import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.validation.ContractRegistries;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.EngineSettings;
import io.lakehouse.validation.ValidationEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The ingest path without HTTP: parse, validate (shared engine), canonicalize, journal group commit on a local
 * store, fold into runs and stats, export to raw/. THREADS writers post BATCH-observation batches for WARMUP then
 * DURATION seconds; prints observations/s and observations per process CPU-second (robust to other load).
 *
 *   java -cp <test class path> io.lakehouse.observerd.bench.InProcessIngestBench [BATCH] [THREADS] [WARMUP] [DURATION]
 *        [json|otlp: items parsed from JSON, or spans from OTLP protobuf mapped as POST /v1/traces does]
 */
public final class InProcessIngestBench {
    public static void main(String[] args) throws Exception {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int duration = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        boolean otlp = args.length > 4 && args[4].equals("otlp");
        Path dir = Files.createTempDirectory("observerd-bench");
        LocalObjectStore store = new LocalObjectStore(dir);
        ObserverdProperties props = new Binder(new MapConfigurationPropertySource(java.util.Map.of()))
                .bindOrCreate("lakehouse.observerd", ObserverdProperties.class);
        ValidationEngine engine = new ValidationEngine(EngineSettings.DEFAULTS);
        ContractRegistry contracts = ContractRegistries.open(store, engine, java.time.Duration.ofSeconds(1), null, true);
        ObservationCodec codec = new ObservationCodec(engine.json());
        RunIndex runs = new RunIndex(props.runs().maxObservations(), codec::parse);
        LiveStats stats = new LiveStats(2000, 2, System::currentTimeMillis);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationLog log = new ObservationLog(store, props, codec, runs, stats, meters);
        Ingestor ingestor = new Ingestor(contracts, codec, log, props, meters);
        AtomicLong counter = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        byte[] template = json(batch, "RUNMARK0").getBytes(StandardCharsets.UTF_8);
        List<Integer> at = new ArrayList<>();
        for (int i = template.length - 8; i >= 0; i--) {
            if (new String(template, i, 8, StandardCharsets.US_ASCII).equals("RUNMARK0")) {
                at.add(i);
            }
        }
        int[] marks = at.stream().mapToInt(Integer::intValue).toArray();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofPlatform().start(() -> {
                SpanMapper mapper = new SpanMapper(engine.json());
                while (!stop.get()) {
                    if (otlp) {
                        byte[] body = otlp(batch, counter.incrementAndGet());
                        List<Observation> valid = new ArrayList<>(batch);
                        try (ObservationCodec.Writer writer = ingestor.writer()) {
                            var req = ExportTraceServiceRequest.parseFrom(body);
                            var contract = ingestor.contract();
                            for (var rs : req.getResourceSpansList()) {
                                for (var ss : rs.getScopeSpansList()) {
                                    for (var span : ss.getSpansList()) {
                                        if (ingestor.checkTree(contract, mapper.map(span,
                                                rs.getResource().getAttributesList(), ss.getScope().getName()),
                                                writer) instanceof ObservationCodec.Ok ok) {
                                            valid.add(ok.observation());
                                        }
                                    }
                                }
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        ingestor.store(valid, "bench");
                        done.addAndGet(valid.size());
                        continue;
                    }
                    // The template with a fresh run id per batch (building the body is not what is measured).
                    byte[] body = template.clone();
                    byte[] id = String.format("%08x", counter.incrementAndGet()).getBytes(StandardCharsets.US_ASCII);
                    for (int m : marks) {
                        System.arraycopy(id, 0, body, m, 8);
                    }
                    done.addAndGet(ingestor.ingest(body, "bench").accepted());
                }
            }));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(warmup * 1000L);
        long n0 = done.get();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(duration * 1000L);
        long n = done.get() - n0;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        double secs = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        for (Thread t : ts) {
            t.join();
        }
        System.out.printf((otlp ? "otlp " : "json ") + "in-process batch=%d threads=%d: %.0f observations/s, %.0f observations per process "
                + "CPU-second (CPU %.1f s in %.1f s)%n", batch, threads, n / secs, n / cpu, cpu, secs);
        log.close();
        contracts.close();
    }

    static byte[] otlp(int batch, long run) {
        long t = (System.currentTimeMillis() - 5_000) * 1_000_000L;
        var scope = io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder();
        for (int i = 0; i < batch; i++) {
            boolean root = i % 100 == 0;
            var s = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                    .setTraceId(com.google.protobuf.ByteString.copyFrom(java.nio.ByteBuffer.allocate(16).putLong(run)
                            .putLong(i / 100).array()))
                    .setSpanId(com.google.protobuf.ByteString.copyFrom(java.nio.ByteBuffer.allocate(8).putLong(i + 1).array()))
                    .setName("chat").setStartTimeUnixNano(t + i * 1_000_000L).setEndTimeUnixNano(t + (i + 7) * 1_000_000L)
                    .addAttributes(kv("gen_ai.operation.name", "chat")).addAttributes(kv("gen_ai.agent.name", "bench"))
                    .addAttributes(kv("gen_ai.request.model", "gpt-bench"))
                    .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("gen_ai.usage.input_tokens")
                            .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setIntValue(100)));
            if (!root) {
                s.setParentSpanId(com.google.protobuf.ByteString.copyFrom(java.nio.ByteBuffer.allocate(8)
                        .putLong(i / 100 * 100 + 1).array()));
            }
            scope.addSpans(s);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(
                io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder().addScopeSpans(scope)).build().toByteArray();
    }

    static io.opentelemetry.proto.common.v1.KeyValue kv(String k, String v) {
        return io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey(k)
                .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue(v)).build();
    }

    static String json(int batch, String run) {
        Instant t = Instant.now().minusSeconds(5);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < batch; i++) {
            String r = run + "-" + i / 100;
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"observation_id\":\"o").append(i).append("\",\"run_id\":\"").append(r).append('"');
            if (i % 100 != 0) {
                b.append(",\"parent_id\":\"o").append(i / 100 * 100).append('"');
            }
            b.append(",\"agent\":\"bench-agent\",\"kind\":\"llm_call\",\"name\":\"chat\",\"started_at\":\"")
                    .append(t.plusMillis(i)).append("\",\"ended_at\":\"").append(t.plusMillis(i + 7))
                    .append("\",\"status\":\"ok\",\"input_tokens\":100,\"output_tokens\":20,\"cost_usd\":0.0004,"
                            + "\"attributes\":{\"model\":\"gpt-bench\",\"temperature\":0.2}}");
        }
        return b.append(']').toString();
    }
}
