package io.lakehouse.observerd.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.validation.EngineSettings;
import io.lakehouse.validation.ValidationEngine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The hand-written parts of the canonical writer produce what the library calls they replaced produced. */
class ObservationCodecTest {
    private final JsonMapper json = ValidationEngine.mapper(EngineSettings.DEFAULTS);
    private final ObservationCodec codec = new ObservationCodec(json);

    @Test
    void instantIsFormattedAsInstantToString() {
        Random r = new Random(7);
        char[] out = new char[32];
        long[] fixed = {0, 1, 999, 1_000, 1_000_000, 999_999_999, 1_000_000_000, Long.MAX_VALUE,
                1_764_410_400_000_000_000L, 951_782_400_123_456_000L};
        for (long n : fixed) {
            assertThat(new String(out, 0, ObservationCodec.instant(n, out))).isEqualTo(Instant.ofEpochSecond(0, n).toString());
        }
        for (int i = 0; i < 40_000; i++) {
            long n = r.nextLong(Long.MAX_VALUE);
            switch (i % 4) {
                case 0 -> n -= n % 1_000_000_000L;
                case 1 -> n -= n % 1_000_000L;
                case 2 -> n -= n % 1_000L;
                default -> { }
            }
            assertThat(new String(out, 0, ObservationCodec.instant(n, out))).isEqualTo(Instant.ofEpochSecond(0, n).toString());
        }
    }

    @Test
    void valuesAreWrittenAsTheTreeSerializerWritesThem() {
        String[] docs = {"{}", "{\"a\":1,\"b\":-2.5,\"c\":\"x\\\"y\\u0001\\n\",\"d\":null,\"e\":true,\"f\":false}",
                "{\"big\":123456789012345678901234567890,\"long\":9007199254740993,\"e\":1e300,\"tiny\":4.0E-4,"
                        + "\"neg0\":-0.0,\"frac\":0.1,\"exp\":1.5E+10,\"many\":3.141592653589793238462643}",
                "{\"nested\":{\"arr\":[1,[2,[3,{\"k\":\"v\"}]],[],{}],\"u\":\"\u00e9\u4e2d\ud83d\ude00\"},\"dup\":1,\"dup\":2}",
                "{\"model\":\"gpt-bench\",\"temperature\":0.2}"};
        for (String doc : docs) {
            JsonNode node = json.readTree(doc);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = json.createGenerator(out)) {
                ObservationCodec.write(g, node);
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).as(doc).isEqualTo(json.writeValueAsString(node));
        }
    }

    @Test
    void aBatchWriterWritesTheSameLinesAsOneWriterPerItem() {
        String item = "{\"observation_id\":\"o%d\",\"run_id\":\"r\",\"parent_id\":%s,\"agent\":\"a\",\"kind\":\"step\","
                + "\"name\":\"n\",\"started_at\":\"2026-11-29T10:00:00.%03d+01:00\",\"ended_at\":\"2026-11-29T09:00:01Z\","
                + "\"status\":\"ok\",\"attributes\":{\"k\":[1,2.5]},\"input_tokens\":%d,\"cost_usd\":0.0004}";
        try (ObservationCodec.Writer writer = codec.writer()) {
            for (int i = 0; i < 50; i++) {
                JsonNode node = json.readTree(String.format(item, i, i % 2 == 0 ? "null" : "\"o0\"", i * 7, i));
                var batch = (ObservationCodec.Ok) writer.canonical(node);
                var single = (ObservationCodec.Ok) codec.canonical(node);
                assertThat(batch.observation().line()).isEqualTo(single.observation().line());
                String line = new String(batch.observation().line(), StandardCharsets.UTF_8);
                assertThat(line).startsWith("{\"started_at\":\"2026-11-29T09:00:00" + (i == 0 ? "Z" : "."))
                        .contains("\"cost_usd\":0.00040").doesNotContain("\"parent_id\":null");
                assertThat(codec.parse(batch.observation().line())).usingRecursiveComparison().ignoringFields("line")
                        .isEqualTo(batch.observation());
            }
        }
    }

    @Test
    void dayOfALineReusesThePreviousDay() {
        byte[] line = "{\"started_at\":\"2026-11-29T10:00:00Z\"}".getBytes(StandardCharsets.US_ASCII);
        LocalDate first = ObservationCodec.day(line, 0, null);
        assertThat(first).isEqualTo(LocalDate.of(2026, 11, 29));
        assertThat(ObservationCodec.day(line, 0, first)).isSameAs(first);
        assertThat(ObservationCodec.day(line, 0, LocalDate.of(2026, 11, 28))).isEqualTo(first);
    }

    @Test
    void theByteReaderWritesWhatTheTreeReaderWrites() {
        String[] items = {
            "{\"observation_id\":\"o1\",\"run_id\":\"r\",\"agent\":\"a\",\"kind\":\"run\",\"name\":\"n\","
                    + "\"started_at\":\"2026-11-29T10:00:00Z\",\"ended_at\":\"2026-11-29T10:00:01.5Z\",\"status\":\"ok\"}",
            " { \"status\":\"error\",\"error\":\"boom \\\"quoted\\\" \\u00e9\",\"name\":\"n\\n2\",\"kind\":\"step\","
                    + "\"agent\":\"\u4e2d\",\"run_id\":\"r\",\"observation_id\":\"o2\",\"parent_id\":\"o1\","
                    + "\"ended_at\":\"2026-11-29T12:00:01+02:00\",\"started_at\":\"2026-11-29T09:59:59.123456789Z\","
                    + "\"attributes\":{\"x\":[1,2.5,-0.0,1e300,null,true,{\"k\":\"v\"}],\"dup\":1,\"dup\":2,"
                    + "\"big\":123456789012345678901234567890,\"d\":3.141592653589793238462643},"
                    + "\"input_tokens\":0,\"output_tokens\":9007199254740993,\"cost_usd\":0.0004} ",
            "{\"observation_id\":\"o3\",\"run_id\":\"r\",\"parent_id\":null,\"error\":null,\"agent\":\"a\","
                    + "\"kind\":\"llm_call\",\"name\":\"n\",\"started_at\":\"2026-11-29T10:00:00Z\","
                    + "\"ended_at\":\"2026-11-29T10:00:00Z\",\"status\":\"ok\",\"input_tokens\":null,\"cost_usd\":3,"
                    + "\"attributes\":{}}",
            "{\"observation_id\":\"o5\",\"run_id\":\"r\",\"agent\":\"a\",\"kind\":\"run\",\"name\":\"n\","
                    + "\"attributes\":{\"url\":\"http://x/y\",\"u\":\"\u00e9\u4e2d\",\"t\":0.2,\"i\":-3,\"z\":-0,\"b\":true,"
                    + "\"n\":null,\"e\":1.0E10,\"f\":1.50,\"s\":\"a b\"},"
                    + "\"started_at\":\"2026-11-29T10:00:00Z\",\"ended_at\":\"2026-11-29T10:00:01Z\",\"status\":\"ok\"}",
            "{\"observation_id\":\"o6\",\"run_id\":\"r\",\"agent\":\"a\",\"kind\":\"run\",\"name\":\"n\","
                    + "\"attributes\":{\"model\":\"gpt\",\"temperature\":0.2,\"k\":7,\"url\":\"http://x/y\"},"
                    + "\"started_at\":\"2026-11-29T10:00:00Z\",\"ended_at\":\"2026-11-29T10:00:01Z\",\"status\":\"ok\"}",
            "{\"observation_id\":\"o7\",\"run_id\":\"r\",\"agent\":\"a\",\"kind\":\"run\",\"name\":\"n\","
                    + "\"attributes\":{ \"a\" : 1 , \"a\":2},"
                    + "\"started_at\":\"2026-11-29T10:00:00Z\",\"ended_at\":\"2026-11-29T10:00:01Z\",\"status\":\"ok\"}",
            "{\"observation_id\":\"o4\",\"run_id\":\"r\",\"agent\":\"a\",\"kind\":\"run\",\"name\":\"n\","
                    + "\"started_at\":\"2026-11-29T10:00:00Z\",\"ended_at\":\"2026-11-29T09:00:00Z\",\"status\":\"ok\"}",
        };
        try (ObservationCodec.Writer bytes = codec.writer(); ObservationCodec.Writer tree = codec.writer()) {
            for (String item : items) {
                byte[] b = ("[" + item + "]").getBytes(StandardCharsets.UTF_8);
                ObservationCodec.Result fromBytes = bytes.canonical(b, 1, b.length - 1);
                ObservationCodec.Result fromTree = tree.canonical(json.readTree(item));
                assertThat(fromBytes).as(item).isNotNull();
                if (fromTree instanceof ObservationCodec.Ok t) {
                    Observation o = ((ObservationCodec.Ok) fromBytes).observation();
                    assertThat(new String(o.line(), StandardCharsets.UTF_8)).as(item)
                            .isEqualTo(new String(t.observation().line(), StandardCharsets.UTF_8));
                    assertThat(o).usingRecursiveComparison().ignoringFields("costUsd").isEqualTo(t.observation());
                    assertThat(Double.compare(o.costUsd(), t.observation().costUsd())).as(item).isZero();
                } else {
                    assertThat(fromBytes).as(item).isEqualTo(fromTree);
                }
            }
        }
    }

    @Test
    void theByteReaderLeavesUnusualItemsToTheTree() {
        try (ObservationCodec.Writer w = codec.writer()) {
            for (String item : new String[] {"[1]", "{\"observation_id\":5}", "{\"input_tokens\":1.0}",
                    "{\"input_tokens\":123456789012345678901234567890}", "{\"attributes\":[]}", "{}"}) {
                byte[] b = item.getBytes(StandardCharsets.UTF_8);
                assertThat(w.canonical(b, 0, b.length)).as(item).isNull();
            }
        }
    }

    @Test
    void aTreeItemTakesTheByteReaderWithTheSameOutcome() {
        // How OTLP spans (mapped to trees) reach the fast path: written as bytes, then read like a JSON item.
        String[] items = {
            "{\"observation_id\":\"00f067aa0ba902b7\",\"run_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"agent\":\"a\","
                    + "\"kind\":\"llm_call\",\"name\":\"chat\",\"started_at\":\"2026-11-29T10:00:00.000000123Z\","
                    + "\"ended_at\":\"2026-11-29T10:00:01Z\",\"status\":\"error\",\"error\":\"x\\ny\",\"input_tokens\":120,"
                    + "\"output_tokens\":30,\"cost_usd\":0.0025,\"attributes\":{\"gen_ai.request.model\":\"gpt\","
                    + "\"gen_ai.usage.input_tokens\":120,\"arr\":[1,\"a\"],\"kv\":{\"k\":true},\"d\":2.5,"
                    + "\"u\":\"\u00e9\",\"otel.span_kind\":\"client\"}}",
            "{\"observation_id\":\"o\",\"run_id\":\"r\",\"parent_id\":\"p\",\"agent\":\"a\",\"kind\":\"step\","
                    + "\"name\":\"n\",\"started_at\":\"2026-11-29T10:00:00Z\",\"ended_at\":\"2026-11-29T10:00:00Z\","
                    + "\"status\":\"ok\",\"attributes\":{}}",
        };
        try (ObservationCodec.Writer w = codec.writer(); ObservationCodec.Writer tree = codec.writer()) {
            for (String item : items) {
                JsonNode node = json.readTree(item);
                byte[] b = w.bytes(node);
                assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(json.writeValueAsString(node));
                var fromBytes = (ObservationCodec.Ok) w.canonical(b, 0, b.length);
                var fromTree = (ObservationCodec.Ok) tree.canonical(node);
                assertThat(new String(fromBytes.observation().line(), StandardCharsets.UTF_8))
                        .isEqualTo(new String(fromTree.observation().line(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void theRawReaderWritesWhatTheTreeReaderWritesOrStepsAside() {
        Random r = new Random(11);
        String[] costs = {"0.0004", "3", "0", "1.5E-7", "2.50", "1e2", "0.1", "12345678901234567890", "null"};
        String[] counts = {"0", "7", "120", "9007199254740993", "1.0", "null", "1e3"};
        String[] attrs = {"{}", "{\"model\":\"gpt-bench\",\"temperature\":0.2}", "{\"a\":1,\"a\":2}",
            "{\"x\":[1]}", "{\"k\":{\"n\":1}}", "{ \"s\" : \"v\" }", "{\"e\":1.0E10,\"f\":1.50,\"g\":-0,\"h\":-3}",
            "{\"t\":true,\"f\":false,\"n\":null,\"u\":\"\u00e9\u4e2d\ud83d\ude00\",\"esc\":\"a\\\"b\"}",
            "{\"big\":123456789012345678901,\"neg\":-0.0,\"d\":0.30000000000000004}"};
        String[] strings = {"plain", "\u00e9t\u00e9", "with \\\"quote\\\"", "tab\\there", "\\u0041", "a/b", ""};
        int fast = 0;
        try (ObservationCodec.Writer raw = codec.writer(); ObservationCodec.Writer tree = codec.writer()) {
            for (int i = 0; i < 1_000; i++) {
                String ws = r.nextInt(4) == 0 ? " " : "";
                StringBuilder b = new StringBuilder("{");
                java.util.List<String> members = new java.util.ArrayList<>(java.util.List.of(
                        "\"observation_id\":\"o" + i + "\"", "\"run_id\":\"r" + (i % 3) + "\"",
                        "\"agent\":\"" + strings[r.nextInt(strings.length)] + "x\"", "\"kind\":\"step\"",
                        "\"name\":\"" + strings[r.nextInt(strings.length)] + "\"",
                        "\"started_at\":\"2026-11-29T10:00:0" + r.nextInt(10) + (r.nextBoolean() ? ".5" : "") + "Z\"",
                        "\"ended_at\":\"2026-11-29T1" + r.nextInt(2) + ":00:05+0" + r.nextInt(2) + ":00\"",
                        "\"status\":\"" + (r.nextBoolean() ? "ok" : "error") + "\""));
                if (r.nextBoolean()) {
                    members.add("\"parent_id\":" + (r.nextBoolean() ? "null" : "\"p" + r.nextInt(3) + "\""));
                }
                if (r.nextBoolean()) {
                    members.add("\"error\":" + (r.nextBoolean() ? "null" : "\"" + strings[r.nextInt(strings.length)] + "\""));
                }
                if (r.nextBoolean()) {
                    members.add("\"input_tokens\":" + counts[r.nextInt(counts.length)]);
                }
                if (r.nextBoolean()) {
                    members.add("\"output_tokens\":" + counts[r.nextInt(counts.length)]);
                }
                if (r.nextBoolean()) {
                    members.add("\"cost_usd\":" + costs[r.nextInt(costs.length)]);
                }
                if (r.nextBoolean()) {
                    members.add("\"attributes\":" + attrs[r.nextInt(attrs.length)]);
                }
                java.util.Collections.shuffle(members, r);
                b.append(ws).append(String.join(ws + "," + ws, members)).append(ws).append('}');
                byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
                ObservationCodec.Result fromRaw = raw.canonicalAccepted(bytes, 0, bytes.length);
                if (fromRaw == null) {
                    continue;
                }
                fast++;
                ObservationCodec.Result fromTree = tree.canonical(json.readTree(bytes));
                if (fromTree instanceof ObservationCodec.Ok t) {
                    Observation o = ((ObservationCodec.Ok) fromRaw).observation();
                    assertThat(new String(o.line(), StandardCharsets.UTF_8)).as(b.toString())
                            .isEqualTo(new String(t.observation().line(), StandardCharsets.UTF_8));
                    assertThat(o).as(b.toString()).usingRecursiveComparison().ignoringFields("costUsd").isEqualTo(t.observation());
                    assertThat(Double.compare(o.costUsd(), t.observation().costUsd())).as(b.toString()).isZero();
                } else {
                    assertThat(fromRaw).as(b.toString()).isEqualTo(fromTree);
                }
            }
        }
        assertThat(fast).as("items the raw reader took").isGreaterThan(100);
    }
}
