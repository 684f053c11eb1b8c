package io.lakehouse.shared.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.shared.config.AuthTokenException;
import io.lakehouse.shared.config.LakehouseProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTokenTest {

    @Test
    void noTokenMeansDisabled() {
        AuthToken t = AuthToken.from(new LakehouseProperties.Auth(null, null));
        assertThat(t.enabled()).isFalse();
        assertThat(t.matches("anything")).isFalse();
        assertThat(t.authorizationHeader()).isNull();
    }

    @Test
    void tokenFromPropertyMatchesOnlyItself() {
        AuthToken t = AuthToken.from(new LakehouseProperties.Auth(null, " abc123 "));
        assertThat(t.enabled()).isTrue();
        assertThat(t.matches("abc123")).isTrue();
        assertThat(t.matches("abc1234")).isFalse();
        assertThat(t.matches("")).isFalse();
        assertThat(t.matches(null)).isFalse();
        assertThat(t.toString()).doesNotContain("abc123");
    }

    @Test
    void tokenFromFileIsTrimmed(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("token"), "from-file\n");
        AuthToken t = AuthToken.from(new LakehouseProperties.Auth(f, null));
        assertThat(t.matches("from-file")).isTrue();
        assertThat(t.authorizationHeader()).isEqualTo("Bearer from-file");
    }

    @Test
    void emptyOrMissingFileStopsTheStart(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "  \n");
        assertThatThrownBy(() -> AuthToken.from(new LakehouseProperties.Auth(empty, null)))
                .isInstanceOf(AuthTokenException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> AuthToken.from(new LakehouseProperties.Auth(dir.resolve("nope"), null)))
                .isInstanceOf(AuthTokenException.class).hasMessageContaining("cannot read");
    }
}
