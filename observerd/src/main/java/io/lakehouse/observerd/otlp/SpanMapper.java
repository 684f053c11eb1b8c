package io.lakehouse.observerd.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps one OTLP span to an observation item (then validated like any other). The table is in docs/observerd.md:
 * trace id to run, span and parent ids to observation and parent, {@code gen_ai.agent.name} or the resource's
 * {@code service.name} to agent, {@code gen_ai.operation.name} to kind, GenAI usage attributes to token counts,
 * status to status and error.
 */
public final class SpanMapper {
    /** Overrides the kind a span would get from its GenAI attributes. */
    public static final String KIND_ATTRIBUTE = "lakehouse.observation.kind";
    private static final Set<String> KINDS = Set.of("run", "step", "tool_call", "llm_call", "retrieval", "outcome");
    private static final Set<String> LLM_OPERATIONS = Set.of("chat", "text_completion", "generate_content",
            "embeddings");
    private static final Set<String> AGENT_OPERATIONS = Set.of("invoke_agent", "create_agent");

    private final JsonMapper json;

    public SpanMapper(JsonMapper json) {
        this.json = json;
    }

    /** The observation for {@code span}, with the resource's and scope's context. */
    public ObjectNode map(Span span, List<KeyValue> resource, String scopeName) {
        ObjectNode attrs = json.createObjectNode();
        for (KeyValue kv : span.getAttributesList()) {
            attrs.set(kv.getKey(), value(kv.getValue()));
        }
        String service = null;
        for (KeyValue kv : resource) {
            if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()) {
                service = kv.getValue().getStringValue();
            }
        }
        ObjectNode o = json.createObjectNode();
        o.put("observation_id", hex(span.getSpanId()));
        o.put("run_id", hex(span.getTraceId()));
        if (!span.getParentSpanId().isEmpty()) {
            o.put("parent_id", hex(span.getParentSpanId()));
        }
        String agentName = text(attrs.get("gen_ai.agent.name"));
        o.put("agent", agentName != null ? agentName : service != null ? service : "unknown_service");
        o.put("kind", kind(attrs, span.getParentSpanId().isEmpty()));
        o.put("name", span.getName());
        o.put("started_at", time(span.getStartTimeUnixNano()));
        o.put("ended_at", time(span.getEndTimeUnixNano()));
        boolean error = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
        o.put("status", error ? "error" : "ok");
        if (error) {
            o.put("error", errorText(span));
        }
        Long in = firstLong(attrs, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens");
        Long out = firstLong(attrs, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens");
        if (in != null) {
            o.put("input_tokens", in);
        }
        if (out != null) {
            o.put("output_tokens", out);
        }
        JsonNode cost = attrs.has("gen_ai.usage.cost") ? attrs.get("gen_ai.usage.cost") : attrs.get("lakehouse.cost_usd");
        if (cost != null && cost.isNumber()) {
            o.set("cost_usd", cost);
        }
        String model = text(attrs.has("gen_ai.response.model") ? attrs.get("gen_ai.response.model")
                : attrs.get("gen_ai.request.model"));
        if (model != null) {
            attrs.put("model", model);
        }
        if (service != null) {
            attrs.put("service.name", service);
        }
        if (scopeName != null && !scopeName.isEmpty()) {
            attrs.put("otel.scope.name", scopeName);
        }
        attrs.put("otel.span_kind", span.getKind().name().replace("SPAN_KIND_", "").toLowerCase());
        o.set("attributes", attrs);
        return o;
    }

    static String kind(ObjectNode attrs, boolean root) {
        String explicit = text(attrs.get(KIND_ATTRIBUTE));
        if (explicit != null && KINDS.contains(explicit)) {
            return explicit;
        }
        String op = text(attrs.get("gen_ai.operation.name"));
        if (op != null) {
            if (LLM_OPERATIONS.contains(op)) {
                return "llm_call";
            }
            if (op.equals("execute_tool")) {
                return "tool_call";
            }
            if (op.equals("retrieval")) {
                return "retrieval";
            }
            if (AGENT_OPERATIONS.contains(op)) {
                return root ? "run" : "step";
            }
        }
        return root ? "run" : "step";
    }

    private static String errorText(Span span) {
        if (!span.getStatus().getMessage().isEmpty()) {
            return span.getStatus().getMessage();
        }
        for (Span.Event e : span.getEventsList()) {
            if (e.getName().equals("exception")) {
                for (KeyValue kv : e.getAttributesList()) {
                    if (kv.getKey().equals("exception.message") && kv.getValue().hasStringValue()) {
                        return kv.getValue().getStringValue();
                    }
                }
            }
        }
        return "error";
    }

    private static Long firstLong(ObjectNode attrs, String... keys) {
        for (String k : keys) {
            JsonNode v = attrs.get(k);
            if (v != null && v.isIntegralNumber()) {
                return v.longValue();
            }
            if (v != null && v.isString()) {
                try {
                    return Long.parseLong(v.asString());
                } catch (NumberFormatException ignored) {
                    // not a count: the attribute stays as sent
                }
            }
        }
        return null;
    }

    private static String text(JsonNode v) {
        return v != null && v.isString() && !v.asString().isEmpty() ? v.asString() : null;
    }

    /** Lowercase hex, as OTLP/JSON and the SDKs print ids; empty for an absent id (the contract then refuses it). */
    static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    static String time(long unixNanos) {
        return Instant.ofEpochSecond(0, unixNanos).toString();
    }

    private JsonNode value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> json.getNodeFactory().stringNode(v.getStringValue());
            case BOOL_VALUE -> json.getNodeFactory().booleanNode(v.getBoolValue());
            case INT_VALUE -> json.getNodeFactory().numberNode(v.getIntValue());
            case DOUBLE_VALUE -> json.getNodeFactory().numberNode(v.getDoubleValue());
            case BYTES_VALUE -> json.getNodeFactory().stringNode(
                    Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                ArrayNode a = json.createArrayNode();
                v.getArrayValue().getValuesList().forEach(x -> a.add(value(x)));
                yield a;
            }
            case KVLIST_VALUE -> {
                ObjectNode o = json.createObjectNode();
                v.getKvlistValue().getValuesList().forEach(kv -> o.set(kv.getKey(), value(kv.getValue())));
                yield o;
            }
            default -> json.getNodeFactory().nullNode();
        };
    }
}
