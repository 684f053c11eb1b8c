package io.lakehouse.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.shared.testapp.TestApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Discovery and precedence of lakehouse.yml, and the start refusals. */
class LakehouseConfigFileTest {

    private static ConfigurableApplicationContext start(String... args) {
        SpringApplication app = new SpringApplication(TestApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        return app.run(args);
    }

    @Test
    void fileNamedOnTheCommandLineIsReadAndCommandLineStillWins(@TempDir Path dir) throws Exception {
        java.net.URI lake = dir.resolve("lake").toUri();
        Path yml = Files.writeString(dir.resolve("lakehouse.yml"), """
                lakehouse:
                  storage:
                    uri: %s
                  http:
                    max-body-size: 3MB
                    peer-read-timeout: 7s
                  peers:
                    queryd: http://10.9.9.9:3222
                """.formatted(lake));
        try (var ctx = start("--lakehouse.config=" + yml, "--lakehouse.http.peer-read-timeout=8s")) {
            LakehouseProperties p = ctx.getBean(LakehouseProperties.class);
            assertThat(p.http().maxBodySize().toMegabytes()).isEqualTo(3);
            assertThat(p.http().peerReadTimeout().toSeconds()).isEqualTo(8);
            assertThat(p.peers().get("queryd").toString()).isEqualTo("http://10.9.9.9:3222");
            assertThat(p.storage().uri()).isEqualTo(lake);
            assertThat(Files.isDirectory(dir.resolve("lake"))).isTrue();
        }
    }

    @Test
    void explicitlyNamedMissingFileStopsTheStart(@TempDir Path dir) {
        assertThatThrownBy(() -> start("--lakehouse.config=" + dir.resolve("nope.yml")))
                .hasMessageContaining("does not exist").hasMessageContaining("--lakehouse.config");
    }

    @Test
    void nonLoopbackWithoutTokenStopsTheStart(@TempDir Path dir) {
        assertThatThrownBy(() -> start("--server.address=0.0.0.0",
                "--lakehouse.storage.uri=" + dir.toUri()))
                .isInstanceOf(BindPolicy.InsecureBindException.class)
                .hasMessageContaining("refusing to listen on 0.0.0.0");
    }

    @Test
    void nonLoopbackWithTokenStarts(@TempDir Path dir) {
        try (var ctx = start("--server.address=0.0.0.0", "--lakehouse.auth.token=abc",
                "--lakehouse.storage.uri=" + dir.toUri())) {
            assertThat(ctx.isActive()).isTrue();
        }
    }
}
