package io.lakehouse.queryd;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.queryd.Lake.Answer;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With the tick far away, only POST /v1/refresh makes a new dataset visible, and removes a deleted one. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RefreshTest {
    @TempDir
    static Path lake;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("lakehouse.storage.uri", () -> lake.toUri().toString());
        registry.add("lakehouse.queryd.refresh-interval", () -> "1h");
    }

    @LocalServerPort
    int port;

    @Test
    void datasetVisibleRightAfterRefreshAndGoneAfterRemoval() throws Exception {
        assertThat(Lake.get(port, "/v1/tables").body()).isEqualTo("[]");
        Lake.writeParquet(lake, "placement", "2026-11-24", "part-0", "SELECT i AS id FROM range(7) t(i)");
        Lake.writeParquet(lake, "Not_A_Dataset", "2026-11-24", "part-0", "SELECT 1 AS id");
        assertThat(Lake.sql(port, "SELECT count(*) FROM placement").json().path("code").asString())
                .isEqualTo("sql_error");

        Answer refreshed = Lake.post(port, "/v1/refresh", null, null, "");
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().size()).isEqualTo(1);
        assertThat(refreshed.json().get(0).path("name").asString()).isEqualTo("placement");
        assertThat(Lake.sql(port, "SELECT count(*) FROM placement").json().path("rows").toString()).isEqualTo("[[7]]");

        // New files in an existing dataset are visible to the next query without a refresh, also when that query
        // repeats an earlier text and so runs on the prepared statement cached on its connection.
        Lake.writeParquet(lake, "placement", "2026-11-25", "part-0", "SELECT i AS id FROM range(3) t(i)");
        assertThat(Lake.sql(port, "SELECT count(*) FROM placement").json().path("rows").toString())
                .isEqualTo("[[10]]");

        try (Stream<Path> s = java.nio.file.Files.walk(lake.resolve("curated/placement"))) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(Lake.post(port, "/v1/refresh", null, null, "").body()).isEqualTo("[]");
        Answer gone = Lake.sql(port, "SELECT count(*) FROM placement");
        assertThat(gone.status()).isEqualTo(400);
        assertThat(gone.json().path("detail").asString()).contains("placement");
    }
}
