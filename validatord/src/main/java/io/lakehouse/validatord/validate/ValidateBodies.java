package io.lakehouse.validatord.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakehouse.validation.ValidationError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** The validate endpoints' bodies, written to bytes once per response (the valid answer is a constant). */
final class ValidateBodies {
    private static final Answer VALID = new Answer(200, "{\"valid\":true}".getBytes(StandardCharsets.UTF_8));

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

    /** A status and its {@code application/json} body; the body array is shared, never modify it. */
    record Answer(int status, byte[] body) {
    }

    Answer valid() {
        return VALID;
    }

    Answer invalid(HttpStatus status, List<ValidationError> errors) {
        return new Answer(status.value(), invalid.writeValueAsBytes(new Invalid(false, errors)));
    }

    Answer error(HttpStatus status, ValidationError error) {
        return invalid(status, List.of(error));
    }

    Answer batch(Batch body) {
        return new Answer(HttpStatus.OK.value(), batch.writeValueAsBytes(body));
    }
}
