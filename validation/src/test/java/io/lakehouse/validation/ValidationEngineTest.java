package io.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.validation.ValidationError.Missing;
import io.lakehouse.validation.ValidationError.Schema;
import io.lakehouse.validation.ValidationError.Type;
import io.lakehouse.validation.ValidationError.Unexpected;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class ValidationEngineTest {
    private final ValidationEngine engine = new ValidationEngine(EngineSettings.DEFAULTS);

    private Contract contract(String schema) throws InvalidContractException {
        return engine.compile("t", 1, schema.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
    }

    private List<ValidationError> check(String schema, String record) throws InvalidContractException {
        return engine.validate(contract(schema), engine.json().readTree(record));
    }

    @Test
    void validRecordHasNoErrors() throws Exception {
        Contract c = contract(new String(ShippedContracts.bytes("candidate"), StandardCharsets.UTF_8));
        String record = """
            {"candidate_id":"0192f0a4-7c1e-7b3a-9a51-3c1f2b7d9e01","first_name":"Ada","last_name":"Lovelace",
             "email":"ada@example.com","phone":"+14155550123","status":"active","created_at":"2026-11-24T10:00:00Z",
             "address":{"city":"Austin","state":"TX","zip":"78701"},"skills":["java","sql"],"available_from":null}""";
        assertThat(engine.validate(c, engine.json().readTree(record))).isEmpty();
    }

    @Test
    void requiredBecomesMissingAtThePropertyPath() throws Exception {
        assertThat(check("""
            {"type":"object","properties":{"address":{"type":"object","required":["zip","city"]}}}""",
                "{\"address\":{\"zip\":\"1\"}}"))
                .containsExactly(new Missing("address.city"));
    }

    @Test
    void extraPropertiesBecomeUnexpectedEach() throws Exception {
        assertThat(check("""
            {"type":"object","additionalProperties":false,"properties":{"a":{}}}""",
                "{\"a\":1,\"z\":2,\"odd.name\":3}"))
                .containsExactly(new Unexpected("[\"odd.name\"]"), new Unexpected("z"));
    }

    @Test
    void wrongTypeIsOneErrorEvenWithSiblingKeywords() throws Exception {
        assertThat(check("""
            {"type":"object","properties":{"age":{"type":"integer","minimum":0,"enum":[1,2,3]},
             "nick":{"type":["string","null"],"maxLength":3}}}""",
                "{\"age\":\"x\",\"nick\":5}"))
                .containsExactly(new Type("age", "integer", "string"), new Type("nick", "string or null", "integer"));
    }

    @Test
    void arrayPathsAndReasons() throws Exception {
        assertThat(check("""
            {"type":"object","properties":{"skills":{"type":"array","items":{"type":"string","pattern":"^[a-z]+$"},
             "uniqueItems":true},"name":{"type":"string","maxLength":3},"id":{"type":"string","format":"uuid"}}}""",
                "{\"skills\":[\"ok\",\"BAD\",\"ok\"],\"name\":\"abcdef\",\"id\":\"nope\"}"))
                .containsExactly(
                        new Schema("id", "must be a valid UUID"),
                        new Schema("name", "must be at most 3 characters"),
                        new Schema("skills", "must not contain duplicate items"),
                        new Schema("skills[1]", "must match the pattern ^[a-z]+$"));
    }

    @Test
    void compositeFailuresCollapseIntoOneError() throws Exception {
        assertThat(check("""
            {"type":"object","properties":{"c":{"oneOf":[{"type":"string"},{"type":"integer"}]},
             "d":{"anyOf":[{"type":"string","minLength":5},{"type":"integer"}]},
             "e":{"type":"array","items":{"anyOf":[{"type":"object","properties":{"x":{"const":1}}},{"type":"null"}]}}}}""",
                "{\"c\":true,\"d\":\"ab\",\"e\":[null,{\"x\":2},{\"x\":3}]}"))
                .containsExactly(
                        new Schema("c", "must match exactly one of the 2 alternatives under oneOf (matched 0)"),
                        new Schema("d", "must match at least one of the alternatives under anyOf"),
                        new Schema("e[1]", "must match at least one of the alternatives under anyOf"),
                        new Schema("e[2]", "must match at least one of the alternatives under anyOf"));
    }

    @Test
    void formatIsAsserted() throws Exception {
        assertThat(check("{\"properties\":{\"available_from\":{\"type\":\"string\",\"format\":\"date\"}}}",
                "{\"available_from\":\"2026-13-45\"}"))
                .containsExactly(new Schema("available_from", "must be a valid RFC 3339 date (YYYY-MM-DD)"));
    }

    @Test
    void errorsAreCappedAfterSorting() throws Exception {
        ValidationEngine small = new ValidationEngine(new EngineSettings(2, Duration.ofMillis(50), 64, 1000));
        Contract c = small.compile("t", 1, "{\"additionalProperties\":false}".getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
        assertThat(small.validate(c, small.json().readTree("{\"c\":1,\"a\":1,\"b\":1}")))
                .containsExactly(new Unexpected("a"), new Unexpected("b"));
    }

    @Test
    void catastrophicPatternIsBoundedInTime() throws Exception {
        Contract c = contract("{\"type\":\"string\",\"pattern\":\"^(a+)+$\"}");
        String hostile = "\"" + "a".repeat(40) + "!\"";
        long start = System.nanoTime();
        List<ValidationError> errors = engine.validate(c, engine.json().readTree(hostile));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(errors).containsExactly(new Schema("", "must match the pattern ^(a+)+$"));
        assertThat(ms).isLessThan(2_000);
    }

    @Test
    void invalidSchemasAreRejectedWithAReason() {
        assertThatThrownBy(() -> contract("{\"type\":\"strin\"}"))
                .isInstanceOf(InvalidContractException.class).hasMessageContaining("/type");
        assertThatThrownBy(() -> contract("{\"type\":"))
                .isInstanceOf(InvalidContractException.class).hasMessageStartingWith("schema is not valid JSON");
        assertThatThrownBy(() -> contract("[1]"))
                .isInstanceOf(InvalidContractException.class).hasMessage("schema must be a JSON object (or a boolean), got array");
        assertThatThrownBy(() -> contract("{\"$schema\":\"http://json-schema.org/draft-07/schema#\"}"))
                .isInstanceOf(InvalidContractException.class).hasMessageContaining("draft 2020-12");
        assertThatThrownBy(() -> contract("{\"properties\":{\"d\":{\"type\":\"string\"}},\"x-lakehouse\":{\"partition_by\":\"d\"}}"))
                .isInstanceOf(InvalidContractException.class).hasMessageContaining("format date or date-time");
    }

    @Test
    void errorsSerializeExternallyTagged() {
        JsonMapper m = JsonMapper.builder().build();
        assertThat(m.writerFor(new TypeReference<List<ValidationError>>() { }).writeValueAsString(List.<ValidationError>of(
                new Schema("email", "must be a valid email address"), new Type("a", "integer", "string"),
                new ValidationError.TooLarge(16), new ValidationError.UnknownDataset("x"))))
                .isEqualTo("[{\"Schema\":{\"field\":\"email\",\"reason\":\"must be a valid email address\"}},"
                        + "{\"Type\":{\"field\":\"a\",\"expected\":\"integer\",\"found\":\"string\"}},"
                        + "{\"TooLarge\":{\"limit_bytes\":16}},{\"UnknownDataset\":{\"dataset\":\"x\"}}]");
    }

    @Test
    void everyShippedContractCompiles() throws Exception {
        for (String dataset : ShippedContracts.DATASETS) {
            Contract c = engine.compile(dataset, 1, ShippedContracts.bytes(dataset), Instant.EPOCH);
            assertThat(c.partitionBy()).as(dataset).isNotNull();
        }
    }
}
