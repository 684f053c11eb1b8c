package io.lakehouse.observerd.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes OTLP/HTTP trace messages with the official protobuf classes, in both encodings.
 *
 * <p>OTLP/JSON differs from protobuf's canonical JSON mapping in one way that matters here: trace and span ids are
 * hex strings, not base64. {@link JsonFormat} speaks the canonical mapping, so ids are turned into base64 before it
 * parses. Unknown fields (newer protocol versions) are ignored, as the OTLP specification asks.
 */
public final class OtlpCodec {
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final String[] SPAN_IDS = {"traceId", "spanId", "parentSpanId", "trace_id", "span_id",
            "parent_span_id"};

    private final JsonMapper json;
    private final long maxInflated;

    public OtlpCodec(JsonMapper json, long maxInflatedBytes) {
        this.json = json;
        this.maxInflated = maxInflatedBytes;
    }

    /** A request body the codec cannot read; the message says why, for the client. */
    public static final class BadRequest extends Exception {
        public BadRequest(String message) {
            super(message);
        }
    }

    /** Undoes {@code Content-Encoding: gzip} (bounded), passes {@code identity} through, refuses anything else. */
    public byte[] inflate(byte[] body, String contentEncoding) throws BadRequest {
        if (contentEncoding == null || contentEncoding.isBlank() || contentEncoding.equalsIgnoreCase("identity")) {
            return body;
        }
        if (!contentEncoding.trim().equalsIgnoreCase("gzip")) {
            throw new BadRequest("Content-Encoding " + contentEncoding + " is not supported (gzip or identity)");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxInflated + 1));
            if (out.length > maxInflated) {
                throw new BadRequest("the gzip body inflates past " + maxInflated + " bytes");
            }
            return out;
        } catch (IOException e) {
            throw new BadRequest("the gzip body cannot be inflated: " + e.getMessage());
        }
    }

    public ExportTraceServiceRequest parseProtobuf(byte[] body) throws BadRequest {
        try {
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new BadRequest("the body is not an ExportTraceServiceRequest: " + e.getMessage());
        }
    }

    public ExportTraceServiceRequest parseJson(byte[] body) throws BadRequest {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest("the body must be a JSON object (ExportTraceServiceRequest)");
        }
        for (JsonNode rs : root.path("resourceSpans")) {
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode span : ss.path("spans")) {
                    hexToBase64(span);
                    for (JsonNode link : span.path("links")) {
                        hexToBase64(link);
                    }
                }
            }
        }
        ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
        try {
            PARSER.merge(json.writeValueAsString(root), b);
        } catch (InvalidProtocolBufferException e) {
            throw new BadRequest("the body is not an OTLP/JSON ExportTraceServiceRequest: " + e.getMessage());
        }
        return b.build();
    }

    private static void hexToBase64(JsonNode node) throws BadRequest {
        if (!(node instanceof ObjectNode o)) {
            return;
        }
        for (String field : SPAN_IDS) {
            JsonNode v = o.get(field);
            if (v != null && v.isString()) {
                String hex = v.asString();
                try {
                    o.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
                } catch (IllegalArgumentException e) {
                    throw new BadRequest(field + " must be a hex string in OTLP/JSON, got \"" + hex + "\"");
                }
            }
        }
    }

    public byte[] protobuf(ExportTraceServiceResponse response) {
        return response.toByteArray();
    }

    public byte[] json(ExportTraceServiceResponse response) {
        try {
            return PRINTER.print(response).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print an ExportTraceServiceResponse", e);
        }
    }
}
