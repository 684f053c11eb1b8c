package io.lakehouse.validatord.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakehouse.validation.ValidationError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** The validate endpoints' bodies, written to bytes once per response (the valid answer is a constant). */
final class ValidateBodies {
    private static final byte[] VALID = "{\"valid\":true}".getBytes(StandardCharsets.UTF_8);
    private static final HttpHeaders JSON = headers();

    private final ObjectWriter invalid;
    private final ObjectWriter batch;

    ValidateBodies(JsonMapper json) {
        this.invalid = json.writerFor(Invalid.class);
        this.batch = json.writerFor(Batch.class);
    }

    /** {@code {"valid":false,"errors":[...]}}. */
    record Invalid(@JsonProperty("valid") boolean valid, @JsonProperty("errors") List<ValidationError> errors) {
    }

    /** One invalid line of a batch. */
    record Line(@JsonProperty("line") long line, @JsonProperty("errors") List<ValidationError> errors) {
    }

    /** {@code {"total":N,"valid":N,"invalid":N,"results":[...]}}. */
    record Batch(@JsonProperty("total") long total, @JsonProperty("valid") long valid,
                 @JsonProperty("invalid") long invalid, @JsonProperty("results") List<Line> results) {
    }

    ResponseEntity<byte[]> valid() {
        return new ResponseEntity<>(VALID, JSON, HttpStatus.OK);
    }

    ResponseEntity<byte[]> invalid(HttpStatus status, List<ValidationError> errors) {
        return new ResponseEntity<>(invalid.writeValueAsBytes(new Invalid(false, errors)), JSON, status);
    }

    ResponseEntity<byte[]> error(HttpStatus status, ValidationError error) {
        return invalid(status, List.of(error));
    }

    ResponseEntity<byte[]> batch(Batch body) {
        return new ResponseEntity<>(batch.writeValueAsBytes(body), JSON, HttpStatus.OK);
    }

    private static HttpHeaders headers() {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        return HttpHeaders.readOnlyHttpHeaders(h);
    }
}
