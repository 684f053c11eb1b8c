package io.lakehouse.materializer.staffing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.validation.Contract;
import io.lakehouse.validation.EngineSettings;
import io.lakehouse.validation.ShippedContracts;
import io.lakehouse.validation.ValidationEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** scripts/staffing/StaffingGenerator.java, run as users run it: valid, deterministic, defects when asked. */
public class StaffingGeneratorTest {
    static final Path GENERATOR = Path.of("..", "scripts", "staffing", "StaffingGenerator.java").toAbsolutePath();
    static final List<String> DATASETS = List.of("candidate", "job_order", "placement", "timesheet");

    @TempDir
    Path tmp;

    /** Runs the generator; returns its stdout. */
    public static String generate(Path out, String... flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                GENERATOR.toString(), "--out", out.toString()));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(stdout).isZero();
        return stdout;
    }

    @Test
    void everyRecordIsValidAgainstTheShippedContractsAndRunsAreIdentical() throws Exception {
        ValidationEngine engine = new ValidationEngine(EngineSettings.DEFAULTS);
        generate(tmp.resolve("a"), "--candidates", "2000", "--seed", "7");
        generate(tmp.resolve("b"), "--candidates", "2000", "--seed", "7");
        for (String dataset : DATASETS) {
            Contract contract = engine.compile(dataset, 1, ShippedContracts.bytes(dataset), Instant.now());
            List<String> lines = Files.readAllLines(tmp.resolve("a").resolve(dataset + ".ndjson"));
            assertThat(lines).as(dataset).isNotEmpty();
            Set<String> ids = new HashSet<>();
            for (String line : lines) {
                JsonNode record = engine.json().readTree(line);
                assertThat(engine.validate(contract, record)).as(dataset + ": " + line).isEmpty();
                ids.add(record.get(dataset + "_id").asString());
            }
            assertThat(ids).as("unique ids of " + dataset).hasSize(lines.size());
            assertThat(Files.mismatch(tmp.resolve("a").resolve(dataset + ".ndjson"),
                    tmp.resolve("b").resolve(dataset + ".ndjson"))).as("same seed, same bytes").isEqualTo(-1);
        }
        assertThat(Files.readAllLines(tmp.resolve("a/candidate.ndjson"))).hasSize(2000);
        assertThat(Files.readAllLines(tmp.resolve("a/job_order.ndjson"))).hasSize(400);
    }

    @Test
    void invalidRateInjectsExactlyTheReportedNumberOfInvalidRecords() throws Exception {
        ValidationEngine engine = new ValidationEngine(EngineSettings.DEFAULTS);
        String report = generate(tmp, "--candidates", "1000", "--seed", "3", "--invalid-rate", "0.1");
        for (String dataset : DATASETS) {
            Contract contract = engine.compile(dataset, 1, ShippedContracts.bytes(dataset), Instant.now());
            long invalid = Files.readAllLines(tmp.resolve(dataset + ".ndjson")).stream()
                    .filter(l -> !engine.validate(contract, engine.json().readTree(l)).isEmpty()).count();
            String line = report.lines().filter(l -> l.contains(dataset + ".ndjson")).findFirst().orElseThrow();
            assertThat(line).as(dataset).contains("(" + invalid + " invalid)");
            assertThat(invalid).as(dataset).isPositive();
        }
    }
}
