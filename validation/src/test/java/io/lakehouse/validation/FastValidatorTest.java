package io.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * The fast path may only ever accept what the engine accepts: every check here feeds the same bytes to both and
 * fails on a line the fast path accepts and the engine rejects (or cannot parse).
 */
class FastValidatorTest {
    private final ValidationEngine engine = new ValidationEngine(EngineSettings.DEFAULTS);

    private static final String[] CANDIDATES = {
        """
        {"candidate_id":"d3a8d03c-3664-4b2f-9da4-b55bf00fc794","first_name":"James","last_name":"Thompson","email":"james.thompson.0@example.com","phone":"+17033401890","address":{"street":"1075 Elm St","city":"San Diego","state":"CA","zip":"92169"},"skills":["customer_service"],"years_experience":15,"desired_rate":45.93,"status":"active","available_from":"2026-10-03","created_at":"2026-09-14T16:16:34-06:00"}""",
        """
        {"candidate_id":"36491D4A-a365-4567-a340-a76d820579c5","first_name":"Ivan","last_name":"Moore","email":"ivan.moore.1@example.com","address":{"city":"Atlanta","state":"GA","zip":"30330-1234"},"skills":["cdl_a","customer_service"],"years_experience":0,"desired_rate":10,"status":"placed","available_from":null,"linkedin_url":"https://www.linkedin.com/in/ivan-moore-1","created_at":"2026-03-23T16:30:49.123456Z"}""",
        """
        { "candidate_id" : "08400fcc-2ffa-4314-a754-845dab1a6cdc", "first_name":"Zo\\u00eb \\"Z\\"","last_name":"Gonz\u00e1lez","email":"z+tag@mail.example.org","status":"do_not_contact","created_at":"2024-02-29T23:59:59.5+05:30","skills":[],"years_experience":60,"desired_rate":500,"linkedin_url":null }\t"""
    };

    private Contract contract(String schema) throws InvalidContractException {
        return engine.compile("t", 1, schema.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
    }

    private boolean engineAccepts(Contract c, byte[] line) {
        try {
            return engine.validate(c, engine.json().readTree(line)).isEmpty();
        } catch (JacksonException e) {
            return false;
        }
    }

    /** Asserts fast-accept implies engine-accept; returns whether the fast path accepted. */
    private boolean agree(FastValidator fast, Contract c, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        // Embedded in a bigger buffer, as blocks of lines are: the fast path must not read past its line.
        byte[] padded = new byte[b.length + 8];
        System.arraycopy(b, 0, padded, 3, b.length);
        padded[b.length + 3] = '}';
        boolean accepted = fast.accepts(padded, 3, 3 + b.length);
        if (accepted) {
            assertThat(engineAccepts(c, b)).as("fast path accepted a line the engine rejects: %s", line).isTrue();
        }
        return accepted;
    }

    @Test
    void everyShippedContractHasAFastPath() throws Exception {
        for (String dataset : ShippedContracts.DATASETS) {
            Contract c = engine.compile(dataset, 1, ShippedContracts.bytes(dataset), Instant.EPOCH);
            assertThat(FastValidator.compile(engine, c)).as(dataset).isPresent();
        }
        assertThat(FastValidator.compile(engine, contract("{\"oneOf\":[{\"type\":\"string\"}]}"))).isEmpty();
        assertThat(FastValidator.compile(engine, contract("{\"properties\":{\"a\":{\"$ref\":\"#\"}}}"))).isEmpty();
    }

    @Test
    void acceptsRealisticRecordsAndNeverWhatTheEngineRejects() throws Exception {
        Contract c = engine.compile("candidate", 1, ShippedContracts.bytes("candidate"), Instant.EPOCH);
        FastValidator fast = FastValidator.compile(engine, c).orElseThrow();
        for (String line : CANDIDATES) {
            assertThat(agree(fast, c, line)).as(line).isTrue();
        }
        // Targeted defects, each of which the engine rejects (or cannot parse).
        String base = CANDIDATES[0];
        List<String> bad = List.of(
                base.replace("\"status\":\"active\"", "\"status\":\"Active\""),
                base.replace("\"years_experience\":15", "\"years_experience\":61"),
                base.replace("\"years_experience\":15", "\"years_experience\":-1"),
                base.replace("\"years_experience\":15", "\"years_experience\":15.5"),
                base.replace("\"desired_rate\":45.93", "\"desired_rate\":9.99"),
                base.replace("\"desired_rate\":45.93", "\"desired_rate\":\"45\""),
                base.replace("d3a8d03c-3664", "d3a8d03c-366g"),
                base.replace("d3a8d03c-3664", "d3a8d03c3664"),
                base.replace("2026-10-03", "2026-02-30"),
                base.replace("2026-09-14T16:16:34-06:00", "2026-09-14T24:16:34-06:00"),
                base.replace("2026-09-14T16:16:34-06:00", "2026-09-14 16:16:34"),
                base.replace("example.com", "example..com"),
                base.replace("james.thompson.0@", "james..thompson@"),
                base.replace("\"state\":\"CA\"", "\"state\":\"XX\""),
                base.replace("\"zip\":\"92169\"", "\"zip\":\"9216\""),
                base.replace("+17033401890", "17033401890"),
                base.replace("[\"customer_service\"]", "[\"a\",\"a\"]"),
                base.replace("[\"customer_service\"]", "[\"\"]"),
                base.replace("\"first_name\":\"James\",", ""),
                base.replace("\"first_name\":\"James\"", "\"first_name\":\"\""),
                base.replace("\"first_name\":\"James\"", "\"first_name\":\"James\",\"first_name\":\"Jim\",\"x\":1"),
                base.replace("\"street\":\"1075 Elm St\",", "\"street\":\"1075 Elm St\",\"unit\":\"4\","),
                base.replace("\"address\":{", "\"address\":[{").replace("\"92169\"}", "\"92169\"}]"),
                base + "x",
                base.substring(0, base.length() - 1),
                "[" + base + "]",
                "");
        for (String line : bad) {
            assertThat(agree(fast, c, line)).as("accepted %s", line).isFalse();
        }
    }

    @Test
    void randomMutationsNeverGetPastTheFastPathWhenTheEngineRejectsThem() throws Exception {
        Contract c = engine.compile("candidate", 1, ShippedContracts.bytes("candidate"), Instant.EPOCH);
        FastValidator fast = FastValidator.compile(engine, c).orElseThrow();
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "\"\\{}[]:,.-+eE0123456789 azAZ_@/tnu\u00e9\u20ac\uD83D\uDE00\t\r";
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 40_000; i++) {
            StringBuilder line = new StringBuilder(CANDIDATES[random.nextInt(CANDIDATES.length)]);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && !line.isEmpty(); e++) {
                int at = random.nextInt(line.length());
                switch (random.nextInt(3)) {
                    case 0 -> line.deleteCharAt(at);
                    case 1 -> line.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> line.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            if (agree(fast, c, line.toString())) {
                accepted++;
            } else {
                refused++;
            }
        }
        // Both outcomes occur, so the comparison above was exercised either way.
        assertThat(accepted).isGreaterThan(1000);
        assertThat(refused).isGreaterThan(10_000);
    }

    @Test
    void formatShapesAreSubsetsOfTheLibraryFormats() throws Exception {
        check("uuid", FormatShapes::uuid, "d3a8d03c-3664-4b2f-9da4-b55bf00fc794", "D3A8D03C-3664-4B2F-9DA4-B55BF00FC794",
                "00000000-0000-0000-0000-000000000000", "d3a8d03c-3664-4b2f-9da4-b55bf00fc79", "g3a8d03c-3664-4b2f-9da4-b55bf00fc794");
        List<String> dates = new ArrayList<>();
        for (int y : new int[] {999, 1000, 1900, 2000, 2023, 2024, 2100, 9999}) {
            for (int m = 0; m <= 13; m++) {
                for (int d : new int[] {0, 1, 28, 29, 30, 31, 32}) {
                    dates.add(String.format("%04d-%02d-%02d", y, m, d));
                }
            }
        }
        check("date", v -> v.length() == 10 && FormatShapes.date(v), dates.toArray(String[]::new));
        List<String> times = new ArrayList<>();
        for (String t : new String[] {"00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "23:59:60"}) {
            for (String f : new String[] {"", ".1", ".123456789", ".1234567890", "."}) {
                for (String z : new String[] {"Z", "z", "+00:00", "-00:00", "+05:30", "-12:00", "+17:59", "+18:00",
                        "+23:59", "+24:00", "-06:60", "+0530", ""}) {
                    times.add("2024-02-29T" + t + f + z);
                    times.add("2023-12-31T" + t + f + z);
                }
            }
        }
        times.add("2024-02-29t10:00:00Z");
        times.add("2024-02-29 10:00:00Z");
        check("date-time", FormatShapes::dateTime, times.toArray(String[]::new));
        check("uri", FormatShapes::httpUri, "https://www.linkedin.com/in/ivan-moore-1", "http://a", "http://-a-/b_c~d/",
                "https://1.2.3/x", "https://a..b/c", "https://a.b/c d", "https:///x", "https://", "ftp://a/b",
                "https://a.b/?q", "https://a.b:80/x", "https://a.b/%20", "https://a.b/\u00e9");
        for (String v : new String[] {"a@example.com", "a.b@example.com", "a+b-c_d@x.example.org", "a@example.c",
                "a@example.invalidtld", "a@localhost", "a@-example.com", "a@example-.com", "a@example..com",
                "a@.example.com", "a@example.com.", ".a@example.com", "a.@example.com", "a..b@example.com",
                "a@b@example.com", "\u00e9@example.com", "@example.com", "a@", "a@1.2.3.4", "a@[1.2.3.4]",
                "a@xn--bcher-kva.example", "a@EXAMPLE.COM", "x".repeat(64) + "@example.com",
                "x".repeat(65) + "@example.com"}) {
            int at = FormatShapes.plainLocal(v);
            if (at > 0) {
                // The shortcut asks the library about a@<domain>: that must be the library's verdict on v.
                assertThat(libraryAccepts("email", "a@" + v.substring(at + 1))).as(v)
                        .isEqualTo(libraryAccepts("email", v));
            }
        }
    }

    private void check(String format, Predicate<String> shape, String... values) throws Exception {
        int inShape = 0;
        for (String v : values) {
            if (shape.test(v)) {
                inShape++;
                assertThat(libraryAccepts(format, v)).as("%s shape accepts %s, the library does not", format, v)
                        .isTrue();
            }
        }
        assertThat(inShape).as(format + " values in shape").isPositive();
    }

    private boolean libraryAccepts(String format, String value) throws Exception {
        return engine.validate(contract("{\"format\":\"" + format + "\"}"), StringNode.valueOf(value)).isEmpty();
    }

    /** Every draft 2020-12 suite case whose schema has a fast path: fast-accept implies engine-accept. */
    @Test
    void agreesWithTheEngineOnTheConformanceSuite() throws Exception {
        Path suite = ConformanceTest.locate();
        assumeTrue(suite != null, "JSON-Schema-Test-Suite not found");
        Path root = Files.isDirectory(suite.resolve("tests/draft2020-12")) ? suite.resolve("tests/draft2020-12")
                : suite.resolve("draft2020-12");
        assumeTrue(Files.isDirectory(root));
        JsonMapper json = JsonMapper.builder().build();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> p.toString().endsWith(".json")).forEach(files::add);
        }
        int compiled = 0;
        int acceptedCases = 0;
        int version = 0;
        for (Path file : files) {
            for (JsonNode group : json.readTree(file.toFile())) {
                Contract c;
                try {
                    c = engine.compile("conformance", ++version, json.writeValueAsBytes(group.get("schema")),
                            Instant.EPOCH);
                } catch (InvalidContractException | RuntimeException e) {
                    continue;
                }
                FastValidator fast = FastValidator.compile(engine, c).orElse(null);
                if (fast == null) {
                    continue;
                }
                compiled++;
                for (JsonNode test : group.get("tests")) {
                    if (agree(fast, c, json.writeValueAsString(test.get("data")))) {
                        acceptedCases++;
                    }
                }
            }
        }
        assertThat(compiled).as("suite schemas with a fast path").isGreaterThan(50);
        assertThat(acceptedCases).as("suite cases the fast path accepted").isGreaterThan(100);
    }
}
