package io.lakehouse.queryd.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTest {
    @Test
    void trimEndDropsTrailingSemicolonsCommentsAndBlanks() {
        assertThat(SqlText.trimEnd("SELECT 1;")).isEqualTo("SELECT 1");
        assertThat(SqlText.trimEnd("SELECT 1 ; -- done\n  ")).isEqualTo("SELECT 1");
        assertThat(SqlText.trimEnd("SELECT 1 /* c */ ;;")).isEqualTo("SELECT 1");
        assertThat(SqlText.trimEnd("SELECT ';'")).isEqualTo("SELECT ';'");
        assertThat(SqlText.trimEnd("SELECT 'it''s;' ;")).isEqualTo("SELECT 'it''s;'");
        assertThat(SqlText.trimEnd("SELECT \"a;\" FROM t;")).isEqualTo("SELECT \"a;\" FROM t");
        assertThat(SqlText.trimEnd("SELECT $$;$$;")).isEqualTo("SELECT $$;$$");
        assertThat(SqlText.trimEnd("SELECT $1;")).isEqualTo("SELECT $1");
        assertThat(SqlText.trimEnd("SELECT 'open")).isEqualTo("SELECT 'open");
        assertThat(SqlText.trimEnd("-- only a comment")).isEmpty();
    }

    @Test
    void firstKeywordSkipsCommentsAndParens() {
        assertThat(SqlText.firstKeyword("  -- x\n /* y */ copy t TO 'x'")).isEqualTo("COPY");
        assertThat(SqlText.firstKeyword("(select 1)")).isEqualTo("SELECT");
        assertThat(SqlText.firstKeyword("")).isEmpty();
    }

    @Test
    void userLinesRenumbersForTheWrapping() {
        assertThat(QueryService.userLines("Binder Error: x\n\nLINE 2: SELECT nope")).isEqualTo(
                "Binder Error: x\n\nLINE 1: SELECT nope");
    }
}
