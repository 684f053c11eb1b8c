package io.lakehouse.observerd.otlp;

import io.lakehouse.observerd.ObserverdError;
import io.lakehouse.observerd.ObserverdProperties;
import io.lakehouse.observerd.ingest.Ingestor;
import io.lakehouse.observerd.observation.Observation;
import io.lakehouse.observerd.observation.ObservationCodec;
import io.lakehouse.shared.web.ApiException;
import io.lakehouse.shared.web.CommonError;
import io.lakehouse.validation.Contract;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/traces}: the OTLP/HTTP trace receiver, protobuf ({@code application/x-protobuf}) and JSON
 * ({@code application/json}), optionally gzip-compressed. Answers an ExportTraceServiceResponse in the request's
 * encoding; spans the observation contract refuses are counted in {@code partial_success} with the first reasons,
 * the others are kept.
 */
@RestController
class TracesController {
    static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");
    private static final int REASONS = 5;

    private final Ingestor ingestor;
    private final OtlpCodec codec;
    private final SpanMapper mapper;
    private final int maxSpans;

    TracesController(Ingestor ingestor, ObserverdProperties props) {
        this.ingestor = ingestor;
        this.codec = new OtlpCodec(ingestor.contractsJson(), 64L << 20);
        this.mapper = new SpanMapper(ingestor.contractsJson());
        this.maxSpans = props.ingest().maxBatchItems();
    }

    @PostMapping("/v1/traces")
    ResponseEntity<byte[]> export(HttpServletRequest request) throws IOException {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        boolean protobuf = type.startsWith("application/x-protobuf") || type.startsWith("application/protobuf");
        boolean jsonBody = type.startsWith("application/json");
        if (!protobuf && !jsonBody) {
            throw new ApiException(CommonError.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/x-protobuf "
                    + "or application/json, got " + (type.isEmpty() ? "none" : type));
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readAllBytes();
        }
        ExportTraceServiceRequest export;
        try {
            byte[] plain = codec.inflate(body, request.getHeader(HttpHeaders.CONTENT_ENCODING));
            export = protobuf ? codec.parseProtobuf(plain) : codec.parseJson(plain);
        } catch (OtlpCodec.BadRequest e) {
            throw new ApiException(ObserverdError.INVALID_OTLP, e.getMessage());
        }
        int spans = 0;
        for (ResourceSpans rs : export.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                spans += ss.getSpansCount();
            }
        }
        if (spans > maxSpans) {
            throw new ApiException(ObserverdError.BATCH_TOO_LARGE, "the request has " + spans + " spans; at most "
                    + maxSpans + " are accepted per request");
        }
        Contract contract = ingestor.contract();
        List<Observation> valid = new ArrayList<>(spans);
        long rejected = 0;
        List<String> reasons = new ArrayList<>();
        try (ObservationCodec.Writer writer = ingestor.writer()) {
            for (ResourceSpans rs : export.getResourceSpansList()) {
                var resource = rs.getResource().getAttributesList();
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    String scope = ss.getScope().getName();
                    for (Span span : ss.getSpansList()) {
                        switch (ingestor.checkTree(contract, mapper.map(span, resource, scope), writer)) {
                            case ObservationCodec.Ok ok -> valid.add(ok.observation());
                            case ObservationCodec.Rejected r -> {
                                rejected++;
                                if (reasons.size() < REASONS) {
                                    reasons.add("span " + SpanMapper.hex(span.getSpanId()) + ": "
                                            + ingestor.contractsJson().writeValueAsString(r.errors()));
                                }
                            }
                        }
                    }
                }
            }
        }
        ingestor.store(valid, "otlp");
        ExportTraceServiceResponse.Builder answer = ExportTraceServiceResponse.newBuilder();
        if (rejected > 0) {
            answer.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejected)
                    .setErrorMessage(rejected + " span(s) refused by the observation contract; first: "
                            + String.join("; ", reasons)));
        }
        ExportTraceServiceResponse response = answer.build();
        return protobuf
                ? ResponseEntity.ok().contentType(PROTOBUF).body(codec.protobuf(response))
                : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(codec.json(response));
    }
}
