package io.lakehouse.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class LakehousePropertiesTest {

    private static LakehouseProperties bind(Map<String, String> map) {
        return new Binder(new MapConfigurationPropertySource(map))
                .bindOrCreate("lakehouse", LakehouseProperties.class);
    }

    @Test
    void defaultsRunOnALaptop() {
        LakehouseProperties p = bind(Map.of());
        assertThat(p.storage().uri()).isEqualTo(URI.create("file:./data/lake"));
        assertThat(p.storage().s3().region()).isEqualTo("us-east-1");
        assertThat(p.storage().s3().pathStyle()).isFalse();
        assertThat(p.auth().token()).isNull();
        assertThat(p.auth().tokenFile()).isNull();
        assertThat(p.http().maxBodySize()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(p.http().peerConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.http().peerReadTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.peers()).containsEntry("validatord", URI.create("http://127.0.0.1:3221"))
                .containsEntry("matrixd", URI.create("http://127.0.0.1:3227")).hasSize(7);
    }

    @Test
    void everyKeyMaps() {
        LakehouseProperties p = bind(Map.ofEntries(
                Map.entry("lakehouse.storage.uri", "s3://bucket/prefix"),
                Map.entry("lakehouse.storage.s3.endpoint", "http://127.0.0.1:9000"),
                Map.entry("lakehouse.storage.s3.region", "eu-west-1"),
                Map.entry("lakehouse.storage.s3.path-style", "true"),
                Map.entry("lakehouse.storage.s3.access-key", "AK"),
                Map.entry("lakehouse.storage.s3.secret-key", "SK"),
                Map.entry("lakehouse.storage.s3.timeout", "5s"),
                Map.entry("lakehouse.auth.token-file", "/etc/lakehouse/token"),
                Map.entry("lakehouse.auth.token", "t"),
                Map.entry("lakehouse.peers.queryd", "http://10.0.0.2:3222"),
                Map.entry("lakehouse.http.max-body-size", "2MB"),
                Map.entry("lakehouse.http.peer-connect-timeout", "1s"),
                Map.entry("lakehouse.http.peer-read-timeout", "9s"),
                Map.entry("lakehouse.http.access-log", "true")));
        assertThat(p.storage().uri()).isEqualTo(URI.create("s3://bucket/prefix"));
        assertThat(p.storage().s3().endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(p.storage().s3().region()).isEqualTo("eu-west-1");
        assertThat(p.storage().s3().pathStyle()).isTrue();
        assertThat(p.storage().s3().accessKey()).isEqualTo("AK");
        assertThat(p.storage().s3().secretKey()).isEqualTo("SK");
        assertThat(p.storage().s3().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.storage().s3().toString()).doesNotContain("SK");
        assertThat(p.auth().tokenFile()).isEqualTo(Path.of("/etc/lakehouse/token"));
        assertThat(p.auth().toString()).doesNotContain("=t]");
        assertThat(p.peers()).containsEntry("queryd", URI.create("http://10.0.0.2:3222"))
                .containsEntry("vectord", URI.create("http://127.0.0.1:3223"));
        assertThat(p.http().maxBodySize()).isEqualTo(DataSize.ofMegabytes(2));
        assertThat(p.http().peerConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.http().peerReadTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(p.http().accessLog()).isTrue();
    }
}
