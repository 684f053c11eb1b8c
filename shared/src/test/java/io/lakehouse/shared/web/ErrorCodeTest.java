package io.lakehouse.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ErrorCodeTest {

    @Test
    void definedCodeCarriesStatusCodeAndTitle() {
        ErrorCode e = ErrorCode.of(HttpStatus.CONFLICT, "index_conflict", "Index exists");
        assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(e.code()).isEqualTo("index_conflict");
        assertThat(e.title()).isEqualTo("Index exists");
        assertThat(e).isEqualTo(ErrorCode.of(HttpStatus.CONFLICT, "index_conflict", "Index exists"));
    }

    @Test
    void codeMustBeSnakeCase() {
        assertThatThrownBy(() -> ErrorCode.of(HttpStatus.CONFLICT, "IndexConflict", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErrorCode.of(HttpStatus.CONFLICT, "", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
