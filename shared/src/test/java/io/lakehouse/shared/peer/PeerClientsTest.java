package io.lakehouse.shared.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.shared.auth.AuthToken;
import io.lakehouse.shared.config.LakehouseProperties;
import io.lakehouse.shared.testapp.TestApplication;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/** Peer calls carry the token and turn problem details and transport failures into {@link PeerException}. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "lakehouse.auth.token=peer-secret")
class PeerClientsTest {
    @TempDir
    static Path lake;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("lakehouse.storage.uri", () -> lake.toUri().toString());
    }

    @LocalServerPort
    int port;

    private PeerClients clients(String token, int targetPort) {
        var props = new LakehouseProperties(null, new LakehouseProperties.Auth(null, token),
                Map.of("validatord", URI.create("http://127.0.0.1:" + targetPort)),
                new LakehouseProperties.Http(DataSize.ofMegabytes(1), Duration.ofMillis(500), Duration.ofSeconds(5), false));
        return new PeerClients(props, AuthToken.from(props.auth()), RestClient.builder(), JsonMapper.builder().build());
    }

    @Test
    void authenticatedCallSucceeds() {
        String body = clients("peer-secret", port).client("validatord").get().uri("/actuator/prometheus")
                .retrieve().body(String.class);
        assertThat(body).contains("jvm_");
    }

    @Test
    void problemBecomesPeerException() {
        RestClient c = clients("peer-secret", port).client("validatord");
        assertThatThrownBy(() -> c.get().uri("/missing").retrieve().body(String.class))
                .isInstanceOfSatisfying(PeerException.class, e -> {
                    assertThat(e.peer()).isEqualTo("validatord");
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("not_found");
                    assertThat(e.getMessage()).contains("no widget named 'x'");
                });
    }

    @Test
    void wrongTokenIs401PeerException() {
        RestClient c = clients("wrong", port).client("validatord");
        assertThatThrownBy(() -> c.get().uri("/actuator/prometheus").retrieve().body(String.class))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void unreachablePeerIsStatusZero() throws Exception {
        int closed;
        try (var s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        RestClient c = clients(null, closed).client("validatord");
        assertThatThrownBy(() -> PeerClients.call("validatord", () -> c.get().uri("/x").retrieve().body(String.class)))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.status()).isZero());
    }

    @Test
    void unknownPeerNameIsAConfigurationError() {
        assertThatThrownBy(() -> clients(null, port).client("nosuch"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nosuch");
    }
}
