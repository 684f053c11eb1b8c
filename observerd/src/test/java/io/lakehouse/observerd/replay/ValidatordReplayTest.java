package io.lakehouse.observerd.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.shared.testing.JarProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replay of the validatord wire fixtures (used as a capture, unchanged) against two running validatord jars: one as
 * shipped, one whose candidate contract was changed after start. The first matches N/N; the second drifts with paths,
 * and ignore paths suppress the body drift they name.
 */
class ValidatordReplayTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** A deadline, not a wait: a jar is ready in seconds on a quiet machine, minutes when builds share the cores. */
    static final Duration READY = Duration.ofSeconds(240);

    @TempDir
    Path dir;

    @Test
    void fixturesMatchTheShippedValidatordAndShowTheDriftOfAChangedContract() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        try (JarProcess a = JarProcess.of("validatord", dir.resolve("a")).start();
             JarProcess b = JarProcess.of("validatord", dir.resolve("b")).start()) {
            Capture capture = Capture.parse(fixtures(), 1000);
            int n = capture.cases().size();
            assertThat(n).isGreaterThanOrEqualTo(27);
            Replayer replayer = new Replayer(JSON, 4, Duration.ofSeconds(2), Duration.ofSeconds(60), 50);
            a.awaitReady(READY);
            b.awaitReady(READY);
            changeCandidateContract(b);

            Replayer.Report same = replayer.replay(capture, URI.create(a.base()), IgnorePaths.compile(List.of()), Map.of());
            assertThat(same.cases()).allSatisfy(c -> assertThat(c.statusMatch() && c.bodyMatch())
                    .as("%s: status %d/%d diff %s error %s", c.name(), c.expectedStatus(), c.actualStatus(), c.diff(),
                            c.error()).isTrue());
            assertThat(same.summary()).isEqualTo(n + "/" + n + " statuses, " + n + "/" + n + " bodies match");

            Replayer.Report drift = replayer.replay(capture, URI.create(b.base()), IgnorePaths.compile(List.of()), Map.of());
            Replayer.CaseResult valid = drift.cases().stream().filter(c -> c.name().equals("01_valid")).findFirst()
                    .orElseThrow();
            assertThat(valid.expectedStatus()).isEqualTo(200);
            assertThat(valid.actualStatus()).isEqualTo(422);
            assertThat(valid.bodyMatch()).isFalse();
            assertThat(valid.diff()).extracting(JsonDiff.Difference::path).contains("$['valid']", "$['errors']");
            assertThat(valid.diff().stream().filter(d -> d.path().equals("$['errors']")).findFirst().orElseThrow()
                    .change()).isEqualTo("unexpected");
            assertThat(drift.statusMatch()).isLessThan(n);
            assertThat(drift.bodyMatch()).isLessThan(n);
            // The pinned-version case still validates against version 1: unchanged.
            assertThat(drift.cases().stream().filter(c -> c.name().equals("14_pinned_version")).findFirst()
                    .orElseThrow().bodyMatch()).isTrue();

            Replayer.Report ignored = replayer.replay(capture, URI.create(b.base()),
                    IgnorePaths.compile(List.of("$.valid", "$.errors", "$.results[*].errors", "$.invalid", "$.valid")),
                    Map.of());
            Replayer.CaseResult validIgnored = ignored.cases().stream().filter(c -> c.name().equals("01_valid"))
                    .findFirst().orElseThrow();
            assertThat(validIgnored.bodyMatch()).isTrue();
            assertThat(validIgnored.ignored()).isEqualTo(2);
            assertThat(validIgnored.statusMatch()).isFalse(); // ignore paths are about bodies, statuses still count
            assertThat(ignored.bodyMatch()).isGreaterThan(drift.bodyMatch());
        }
    }

    /** The fixtures folder as one JSON array, in file-name order. */
    static ArrayNode fixtures() throws Exception {
        ArrayNode all = JSON.createArrayNode();
        try (Stream<Path> files = Files.list(Path.of("../contracts/validatord"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                all.add(JSON.readTree(p.toFile()));
            }
        }
        return all;
    }

    /** A new candidate version on {@code b} where last_name is at most 4 characters ("Lovelace" no longer fits). */
    static void changeCandidateContract(JarProcess b) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> current = http.send(HttpRequest.newBuilder(b.uri("/v1/schemas/candidate")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(current.statusCode()).isEqualTo(200);
        ObjectNode schema = (ObjectNode) JSON.readTree(current.body());
        ((ObjectNode) schema.get("properties").get("last_name")).put("maxLength", 4);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(b.uri("/v1/schemas/candidate"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(schema.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
        JsonNode version = JSON.readTree(put.body());
        assertThat(version.get("version").asInt()).isEqualTo(2);
    }
}
