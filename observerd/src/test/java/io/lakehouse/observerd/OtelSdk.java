package io.lakehouse.observerd;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenTelemetry Java SDK: a tracer provider whose ended spans are collected, and its OTLP/HTTP exporter,
 * so a test can check the exporter's own result (forceFlush reports success even on a 404).
 */
final class OtelSdk {
    static final AttributeKey<String> OP = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> AGENT = AttributeKey.stringKey("gen_ai.agent.name");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> IN = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUT = AttributeKey.longKey("gen_ai.usage.output_tokens");

    private OtelSdk() {
    }

    /** The exporter in protobuf (the SDK's public setting) or JSON (its internal switch, reached by reflection). */
    static OtlpHttpSpanExporter exporter(String endpoint, boolean json, boolean gzip) throws Exception {
        OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder().setEndpoint(endpoint)
                .setTimeout(Duration.ofSeconds(10)).setCompression(gzip ? "gzip" : "none");
        if (json) {
            Field delegate = OtlpHttpSpanExporterBuilder.class.getDeclaredField("delegate");
            delegate.setAccessible(true);
            ((HttpExporterBuilder) delegate.get(b)).exportAsJson();
        }
        return b.build();
    }

    /**
     * Emits a nested agent run through the SDK and returns its spans: invoke_agent (root, 1000 ms) with a chat call
     * (200 ms, 120 in / 30 out tokens) and a failing tool call (300 ms) that has a nested chat call (100 ms, 10/5).
     */
    static List<SpanData> agentRun(String agent, Instant t0) {
        List<SpanData> ended = Collections.synchronizedList(new ArrayList<>());
        SpanProcessor collect = new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {
            }

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                ended.add(span.toSpanData());
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        };
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "otel-test-service"))))
                .addSpanProcessor(collect).build()) {
            Tracer tracer = provider.get("observerd-test");
            Span root = tracer.spanBuilder("invoke_agent " + agent).setStartTimestamp(t0)
                    .setAttribute(OP, "invoke_agent").setAttribute(AGENT, agent).startSpan();
            Context rc = Context.root().with(root);
            Span chat = tracer.spanBuilder("chat gpt-test").setParent(rc).setStartTimestamp(t0.plusMillis(10))
                    .setAttribute(OP, "chat").setAttribute(AGENT, agent).setAttribute(MODEL, "gpt-test")
                    .setAttribute(IN, 120L).setAttribute(OUT, 30L).startSpan();
            chat.end(t0.plusMillis(210));
            Span tool = tracer.spanBuilder("execute_tool search").setParent(rc).setStartTimestamp(t0.plusMillis(300))
                    .setAttribute(OP, "execute_tool").setAttribute(AGENT, agent).startSpan();
            Span inner = tracer.spanBuilder("chat gpt-test").setParent(Context.root().with(tool))
                    .setStartTimestamp(t0.plusMillis(350)).setAttribute(OP, "chat").setAttribute(AGENT, agent)
                    .setAttribute(MODEL, "gpt-test").setAttribute(IN, 10L).setAttribute(OUT, 5L).startSpan();
            inner.end(t0.plusMillis(450));
            tool.setStatus(StatusCode.ERROR, "search backend down");
            tool.end(t0.plusMillis(600));
            root.end(t0.plusMillis(1000));
        }
        return List.copyOf(ended);
    }

    /** Exports and waits for the exporter's own verdict. */
    static CompletableResultCode export(OtlpHttpSpanExporter exporter, List<SpanData> spans) {
        return exporter.export(spans).join(20, TimeUnit.SECONDS);
    }
}
