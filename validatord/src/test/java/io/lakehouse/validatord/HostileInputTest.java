package io.lakehouse.validatord;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deep nesting, huge strings and catastrophic regexes get a clear 4xx or a bounded answer; the daemon stays up. */
class HostileInputTest extends DaemonTest {

    @AfterEach
    void daemonStaysHealthy() throws Exception {
        assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
        Answer ok = post("/v1/validate", "{\"dataset\":\"observation\",\"record\":{\"observation_id\":\"o1\","
                + "\"run_id\":\"r1\",\"agent\":\"a\",\"kind\":\"run\",\"name\":\"n\",\"started_at\":\"2026-11-24T10:00:00Z\","
                + "\"ended_at\":\"2026-11-24T10:00:01Z\",\"status\":\"ok\"}}");
        assertThat(ok.status()).as("%s", ok.body()).isEqualTo(200);
    }

    @Test
    void tenThousandDeepNestingIsA400() throws Exception {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        Answer a = post("/v1/validate", "{\"dataset\":\"candidate\",\"record\":" + deep + "}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().toString()).isEqualTo(
                "{\"valid\":false,\"errors\":[{\"Malformed\":{\"reason\":\"request body nests deeper than 128 levels\"}}]}");
        Answer objects = post("/v1/validate", "{\"dataset\":\"candidate\",\"record\":" + "{\"a\":".repeat(10_000)
                + "1" + "}".repeat(10_000) + "}");
        assertThat(objects.status()).isEqualTo(400);
        Answer batch = post("/v1/validate/batch?dataset=candidate", deep + "\n{}\n");
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.body().at("/results/0/errors/0/Malformed/reason").asString())
                .isEqualTo("line nests deeper than 128 levels");
        assertThat(batch.body().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void fiftyMegabyteStringIsA413() throws Exception {
        byte[] prefix = "{\"dataset\":\"candidate\",\"record\":{\"first_name\":\"".getBytes(StandardCharsets.UTF_8);
        long size = 50L * 1024 * 1024;
        // Streamed (chunked), so the client never holds 50 MB and the server must cut it off while reading.
        HttpRequest request = HttpRequest.newBuilder(base().resolve("/v1/validate")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new FillStream(prefix, size)))
                .build();
        long start = System.nanoTime();
        HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"valid\":false,\"errors\":[{\"TooLarge\":{\"limit_bytes\":16777216}}]}");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void catastrophicRegexAnswersInBoundedTime() throws Exception {
        Answer put = send("PUT", "/v1/schemas/evil", "application/json",
                "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"^(a+)+$\"}}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(put.status()).isIn(200, 201);
        String value = "a".repeat(64) + "!";
        long start = System.nanoTime();
        Answer a = post("/v1/validate", "{\"dataset\":\"evil\",\"record\":{\"s\":\"" + value + "\"}}");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().toString()).isEqualTo(
                "{\"valid\":false,\"errors\":[{\"Schema\":{\"field\":\"s\",\"reason\":\"must match the pattern ^(a+)+$\"}}]}");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    /** {@code prefix} then 'a' up to {@code size} bytes, generated on the fly. */
    private static final class FillStream extends java.io.InputStream {
        private final ByteArrayInputStream head;
        private long left;

        FillStream(byte[] prefix, long size) {
            this.head = new ByteArrayInputStream(prefix);
            this.left = size - prefix.length;
        }

        @Override
        public int read() {
            int b = head.read();
            if (b >= 0) {
                return b;
            }
            if (left <= 0) {
                return -1;
            }
            left--;
            return 'a';
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            int n = head.read(buf, off, len);
            if (n > 0) {
                return n;
            }
            if (left <= 0) {
                return -1;
            }
            int m = (int) Math.min(len, left);
            java.util.Arrays.fill(buf, off, off + m, (byte) 'a');
            left -= m;
            return m;
        }
    }
}
