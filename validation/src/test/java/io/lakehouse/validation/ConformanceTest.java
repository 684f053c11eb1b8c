package io.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every draft 2020-12 case of the JSON-Schema-Test-Suite (required keywords and optional/format) through the
 * engine and requires 99 % agreement on valid/invalid. The suite is never copied into the repository: it is found
 * through {@code -Dlakehouse.conformance.dir=...} or by walking up from the working directory to
 * {@code shared/conformance/json-schema-test-suite}; the test is skipped when it is absent.
 */
class ConformanceTest {
    private static final double REQUIRED_AGREEMENT = 0.99;

    @Test
    void draft202012AgreesWithTheSuite() throws IOException {
        Path suite = locate();
        assumeTrue(suite != null, "JSON-Schema-Test-Suite not found (shared/conformance/json-schema-test-suite)");
        Path root = Files.isDirectory(suite.resolve("tests/draft2020-12")) ? suite.resolve("tests/draft2020-12")
                : suite.resolve("draft2020-12");
        assumeTrue(Files.isDirectory(root), "no draft2020-12 folder under " + suite);

        // The contract asserts format; the suite's required-keyword file format.json checks the specification's
        // annotation-only default, so it runs with assertions off and everything else with them on.
        ValidationEngine asserting = new ValidationEngine(EngineSettings.DEFAULTS);
        ValidationEngine annotating = new ValidationEngine(EngineSettings.DEFAULTS.withFormatAssertions(false));
        JsonMapper json = JsonMapper.builder().build();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> top = Files.list(root)) {
            top.filter(p -> p.toString().endsWith(".json")).forEach(files::add);
        }
        Path format = root.resolve("optional/format");
        if (Files.isDirectory(format)) {
            try (Stream<Path> opt = Files.list(format)) {
                opt.filter(p -> p.toString().endsWith(".json")).forEach(files::add);
            }
        }
        files.sort(null);

        int total = 0;
        List<String> failures = new ArrayList<>();
        List<String> notRunnable = new ArrayList<>();
        int version = 0;
        for (Path file : files) {
            String name = root.relativize(file).toString();
            ValidationEngine engine = name.equals("format.json") ? annotating : asserting;
            for (JsonNode group : json.readTree(file.toFile())) {
                JsonNode tests = group.get("tests");
                Contract contract = null;
                String compileProblem = null;
                try {
                    byte[] bytes = json.writeValueAsBytes(group.get("schema"));
                    contract = engine.compile("conformance", ++version, bytes, Instant.EPOCH);
                } catch (InvalidContractException | RuntimeException e) {
                    compileProblem = e.getMessage();
                }
                // The suite's remotes/ folder (served at localhost:1234) is not part of shared/conformance, and the
                // engine never fetches remote documents: such cases cannot run here.
                boolean remote = group.get("schema").toString().contains("localhost:1234");
                for (JsonNode test : tests) {
                    if (remote) {
                        notRunnable.add(name + " | " + group.get("description").asString() + " | "
                                + test.get("description").asString());
                        continue;
                    }
                    total++;
                    boolean expected = test.get("valid").asBoolean();
                    String label = name + " | " + group.get("description").asString() + " | "
                            + test.get("description").asString();
                    if (contract == null) {
                        failures.add(label + " (schema rejected: " + compileProblem + ")");
                        continue;
                    }
                    boolean actual;
                    try {
                        actual = engine.validate(contract, test.get("data")).isEmpty();
                    } catch (RuntimeException e) {
                        failures.add(label + " (threw " + e + ")");
                        continue;
                    }
                    if (actual != expected) {
                        failures.add(label + " (expected " + (expected ? "valid" : "invalid") + ")");
                    }
                }
            }
        }
        int agreed = total - failures.size();
        System.out.printf("JSON-Schema-Test-Suite draft2020-12: %d/%d agree (%.2f %%), %d tolerated failures:%n",
                agreed, total, 100.0 * agreed / total, failures.size());
        failures.forEach(f -> System.out.println("  " + f));
        System.out.printf("not runnable (need the suite's remotes/ served at localhost:1234): %d cases%n",
                notRunnable.size());
        notRunnable.forEach(f -> System.out.println("  " + f));
        assertThat(total).as("cases run").isGreaterThan(1000);
        assertThat((double) agreed / total).as("agreement; failures: %s", failures).isGreaterThanOrEqualTo(REQUIRED_AGREEMENT);
    }

    static Path locate() {
        String configured = System.getProperty("lakehouse.conformance.dir");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isDirectory(p) ? p : null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/conformance/json-schema-test-suite");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

}
