package io.lakehouse.pathwayd.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.pathwayd.Http;
import io.lakehouse.pathwayd.Http.Answer;
import io.lakehouse.pathwayd.export.EventExporter;
import io.lakehouse.shared.testing.JarProcess;
import io.lakehouse.shared.testing.TempLakeDaemonTest;
import io.lakehouse.validation.ContractRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Search through a real vectord (its packaged jar as a child process): scope and kind filters, retired and
 * superseded memories never answered, a vectord outage (writes succeed, search 503, the index catches up by itself
 * when vectord is back), playbook search; and the export of every event as valid {@code pathway_event} records.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"lakehouse.pathwayd.export.interval=0s", "lakehouse.pathwayd.index.retry-max=300ms"})
class SearchAndExportTest extends TempLakeDaemonTest {
    static JarProcess vectord;

    @DynamicPropertySource
    static void vectordPeer(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("pathwayd-vectord");
        vectord = JarProcess.of("vectord", dir.resolve("lake"));
        vectord.start().awaitReady(Duration.ofSeconds(120));
        registry.add("lakehouse.peers.vectord", vectord::base);
    }

    @AfterAll
    static void stopVectord() throws Exception {
        vectord.close();
    }

    @Autowired
    EventExporter exporter;
    @Autowired
    ContractRegistry contracts;

    Http h;

    @BeforeEach
    void client() {
        h = new Http("http://127.0.0.1:" + port);
    }

    static void poll(String what, BooleanSupplier ok) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!ok.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for: " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    String add(String content, String user, String kind) {
        Answer a = h.post("/v1/memories", "{\"content\":\"" + content + "\",\"kind\":\"" + kind
                + "\",\"scope\":{\"user_id\":\"" + user + "\"}}");
        assertThat(a.status()).as(a.raw()).isEqualTo(201);
        return a.id();
    }

    List<String> search(String query, String user) {
        Answer a = h.post("/v1/memories/search", "{\"query\":\"" + query + "\",\"scope\":{\"user_id\":\"" + user
                + "\"},\"k\":5}");
        assertThat(a.status()).as(a.raw()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        a.body().get("results").forEach(r -> ids.add(r.get("memory").get("id").asString()));
        return ids;
    }

    long lag(String user) {
        return h.post("/v1/memories/search", "{\"query\":\"x\",\"scope\":{\"user_id\":\"" + user + "\"}}").body()
                .get("index_lag").asLong();
    }

    @Test
    void searchFiltersAndSurvivesAVectordOutage() throws Exception {
        String tea = add("the user drinks green tea every morning", "u1", "fact");
        String coffee = add("the user hates coffee", "u1", "fact");
        String other = add("green tea is liked by another user", "u2", "fact");
        String episode = add("the user ordered green tea yesterday", "u1", "episode");
        poll("index caught up", () -> lag("u1") == 0);
        assertThat(search("green tea", "u1")).contains(tea, episode).doesNotContain(other);
        Answer kind = h.post("/v1/memories/search", "{\"query\":\"green tea\",\"scope\":{\"user_id\":\"u1\"},\"kind\":\"episode\"}");
        assertThat(kind.body().get("results")).hasSize(1);
        assertThat(kind.body().get("results").get(0).get("memory").get("id").asString()).isEqualTo(episode);
        assertThat(kind.body().get("results").get(0).get("score").asDouble()).isPositive();

        // retired and superseded: gone from search at once, whatever the index has
        h.post("/v1/memories/" + tea + "/retire", "{\"reason\":\"not true\"}");
        String revised = h.post("/v1/memories/" + episode + "/revise", "{\"content\":\"the user ordered green tea on monday\"}")
                .body().get("successor").get("id").asString();
        assertThat(search("green tea", "u1")).doesNotContain(tea, episode);
        poll("revision indexed", () -> search("green tea monday", "u1").contains(revised));

        // outage: writes succeed, search answers 503, the index catches up by itself afterwards
        vectord.stop();
        String during = add("the user now prefers jasmine tea", "u1", "fact");
        h.post("/v1/memories/" + coffee + "/retire", "{\"reason\":\"changed\"}");
        Answer down = h.post("/v1/memories/search", "{\"query\":\"jasmine tea\",\"scope\":{\"user_id\":\"u1\"}}");
        assertThat(down.status()).as(down.raw()).isEqualTo(503);
        assertThat(down.code()).isEqualTo("index_unavailable");
        assertThat(down.response().headers().firstValue("Retry-After")).isPresent();
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        vectord.start().awaitReady(Duration.ofSeconds(120));
        poll("index caught up after the outage", () -> {
            Answer a = h.post("/v1/memories/search", "{\"query\":\"jasmine tea\",\"scope\":{\"user_id\":\"u1\"}}");
            return a.status() == 200 && a.body().get("index_lag").asLong() == 0
                    && a.raw().contains(during);
        });
        List<String> after = search("tea coffee", "u1");
        assertThat(after).contains(during, revised).doesNotContain(tea, coffee, episode);
        // the index itself no longer holds the retired ones (not only filtered out)
        Http v = new Http(vectord.base());
        assertThat(v.get("/v1/indexes/pathways/items/" + coffee).status()).isEqualTo(404);
        assertThat(v.get("/v1/indexes/pathways/items/" + during).status()).isEqualTo(200);

        // playbooks search
        h.put("/v1/playbooks/brew-tea", "{\"content\":\"how to brew green tea\",\"steps\":[\"boil water\",\"steep 2 minutes\"]}");
        poll("playbook indexed", () -> h.post("/v1/playbooks/search", "{\"query\":\"brew tea\"}").raw().contains("brew-tea"));
        Answer pb = h.post("/v1/playbooks/search", "{\"query\":\"brew tea steep\"}");
        assertThat(pb.body().get("results").get(0).get("name").asString()).isEqualTo("brew-tea");
        assertThat(pb.body().get("results")).allSatisfy(r -> assertThat(r.get("memory").get("playbook").isNull()).isFalse());
        String pbId = pb.body().get("results").get(0).get("memory").get("id").asString();
        h.post("/v1/memories/" + pbId + "/retire", "{\"reason\":\"obsolete\"}");
        assertThat(h.post("/v1/playbooks/search", "{\"query\":\"brew tea steep\"}").raw()).doesNotContain(pbId);
    }

    @Test
    void everyEventIsExportedAsAValidPathwayEvent() throws Exception {
        String id = add("exported memory", "uexport", "fact");
        h.patch("/v1/memories/" + id, "{\"content\":\"exported memory v2\"}");
        String succ = h.post("/v1/memories/" + id + "/revise", "{\"content\":\"exported v3\",\"reason\":\"why\"}").body()
                .get("successor").get("id").asString();
        h.post("/v1/memories/" + succ + "/retire", "{\"reason\":\"done\"}");
        exporter.exportAll();
        List<JsonNode> records = new ArrayList<>();
        JsonMapper json = JsonMapper.builder().build();
        try (Stream<Path> files = Files.walk(lake.resolve("raw/pathway_event"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList()) {
                assertThat(f.getParent().getFileName().toString()).matches("dt=\\d{4}-\\d{2}-\\d{2}");
                for (String line : Files.readAllLines(f)) {
                    records.add(json.readTree(line));
                }
            }
        }
        var contract = contracts.latest("pathway_event").orElseThrow();
        for (JsonNode r : records) {
            assertThat(contracts.engine().validate(contract, r)).as(r.toString()).isEmpty();
        }
        List<String> mine = new ArrayList<>();
        records.stream().filter(r -> r.get("memory_id").asString().equals(id) || r.get("memory_id").asString().equals(succ))
                .forEach(r -> mine.add(r.get("op").asString() + ":" + r.get("version").asLong() + ":" + r.get("state").asString()));
        assertThat(mine).containsExactly("ADD:1:active", "UPDATE:2:active", "REVISE:3:superseded", "REVISE:1:active",
                "RETIRE:2:retired");
        assertThat(records.stream().map(r -> r.get("event_id").asString()).distinct().count()).isEqualTo(records.size());
        // a second export finds nothing new, and the files are not rewritten differently
        assertThat(exporter.exportAll()).isZero();
    }
}
