package io.lakehouse.validation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Comparator;
import java.util.Objects;

/**
 * One finding of the validation contract, serialised externally tagged: {@code {"Schema":{"field":"x","reason":"y"}}}.
 *
 * <p>The variant names and member names are a wire contract shared with the other runtimes of this system, byte
 * for byte. {@link Missing}, {@link Type}, {@link Unexpected} and {@link Schema} describe a record;
 * {@link UnknownDataset}, {@link Malformed} and {@link TooLarge} describe a request that could not be validated.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({
        @JsonSubTypes.Type(value = ValidationError.Missing.class, name = "Missing"),
        @JsonSubTypes.Type(value = ValidationError.Type.class, name = "Type"),
        @JsonSubTypes.Type(value = ValidationError.Unexpected.class, name = "Unexpected"),
        @JsonSubTypes.Type(value = ValidationError.Schema.class, name = "Schema"),
        @JsonSubTypes.Type(value = ValidationError.UnknownDataset.class, name = "UnknownDataset"),
        @JsonSubTypes.Type(value = ValidationError.Malformed.class, name = "Malformed"),
        @JsonSubTypes.Type(value = ValidationError.TooLarge.class, name = "TooLarge")})
public sealed interface ValidationError {

    /** The variant name, which is also the wire tag. */
    String variant();

    /** Record path of the finding, {@code ""} for the root or for request-level errors. */
    String field();

    /** What orders two errors of the same field and variant. */
    String detail();

    /** The contract's order: by field, then variant name, then reason (detail). */
    Comparator<ValidationError> ORDER = Comparator.comparing(ValidationError::field)
            .thenComparing(ValidationError::variant)
            .thenComparing(ValidationError::detail);

    /** A {@code required} property is absent; {@code field} is the path the property would have. */
    record Missing(@JsonProperty("field") String field) implements ValidationError {
        public Missing {
            Objects.requireNonNull(field, "field is null");
        }

        @Override
        public String variant() {
            return "Missing";
        }

        @Override
        public String detail() {
            return "";
        }
    }

    /** A value has the wrong JSON type. */
    record Type(@JsonProperty("field") String field, @JsonProperty("expected") String expected,
                @JsonProperty("found") String found) implements ValidationError {
        public Type {
            Objects.requireNonNull(field, "field is null");
            Objects.requireNonNull(expected, "expected is null");
            Objects.requireNonNull(found, "found is null");
        }

        @Override
        public String variant() {
            return "Type";
        }

        @Override
        public String detail() {
            return expected + '\u0000' + found;
        }
    }

    /** A property that {@code additionalProperties} or {@code unevaluatedProperties} does not allow. */
    record Unexpected(@JsonProperty("field") String field) implements ValidationError {
        public Unexpected {
            Objects.requireNonNull(field, "field is null");
        }

        @Override
        public String variant() {
            return "Unexpected";
        }

        @Override
        public String detail() {
            return "";
        }
    }

    /** Any other keyword failed; {@code reason} is one sentence naming the rule and its limit. */
    record Schema(@JsonProperty("field") String field, @JsonProperty("reason") String reason)
            implements ValidationError {
        public Schema {
            Objects.requireNonNull(field, "field is null");
            Objects.requireNonNull(reason, "reason is null");
        }

        @Override
        public String variant() {
            return "Schema";
        }

        @Override
        public String detail() {
            return reason;
        }
    }

    /** The dataset, or the pinned version of it, has no contract. */
    record UnknownDataset(@JsonProperty("dataset") String dataset) implements ValidationError {
        public UnknownDataset {
            Objects.requireNonNull(dataset, "dataset is null");
        }

        @Override
        public String variant() {
            return "UnknownDataset";
        }

        @Override
        public String field() {
            return "";
        }

        @Override
        public String detail() {
            return dataset;
        }
    }

    /** The request could not be read as a validate request. */
    record Malformed(@JsonProperty("reason") String reason) implements ValidationError {
        public Malformed {
            Objects.requireNonNull(reason, "reason is null");
        }

        @Override
        public String variant() {
            return "Malformed";
        }

        @Override
        public String field() {
            return "";
        }

        @Override
        public String detail() {
            return reason;
        }
    }

    /** The request body is over the size limit. */
    record TooLarge(@JsonProperty("limit_bytes") long limitBytes) implements ValidationError {
        @Override
        public String variant() {
            return "TooLarge";
        }

        @Override
        public String field() {
            return "";
        }

        @Override
        public String detail() {
            return Long.toString(limitBytes);
        }
    }
}
