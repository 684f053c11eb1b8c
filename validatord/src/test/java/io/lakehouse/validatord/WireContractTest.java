package io.lakehouse.validatord;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Replays every golden fixture over real HTTP and compares status and body exactly (member order aside). */
class WireContractTest extends DaemonTest {
    static List<HttpFixture> fixtures() throws Exception {
        return HttpFixture.all();
    }

    @Test
    void theFixturesCoverTheContract() throws Exception {
        List<String> names = fixtures().stream().map(HttpFixture::name).toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(20);
        List<Integer> statuses = fixtures().stream().map(HttpFixture::expectedStatus).distinct().sorted().toList();
        assertThat(statuses).containsExactly(200, 400, 404, 413, 422);
        String all = fixtures().stream().map(f -> f.expectedBody().toString()).reduce("", String::concat);
        for (String variant : new String[] {"Missing", "Type", "Unexpected", "Schema", "UnknownDataset", "Malformed",
                "TooLarge"}) {
            assertThat(all).as(variant).contains("{\"" + variant + "\":{");
        }
        assertThat(all).doesNotContain("\"kind\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void replay(HttpFixture fixture) throws Exception {
        HttpResponse<byte[]> response = fixture.send(CLIENT, base());
        JsonNode actual = HttpFixture.JSON.readTree(response.body());
        assertThat(response.statusCode()).as("status of %s, body %s", fixture.name(), actual)
                .isEqualTo(fixture.expectedStatus());
        assertThat(actual).as(fixture.name()).isEqualTo(fixture.expectedBody());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
    }
}
