package io.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import org.junit.jupiter.api.Test;

class FieldPathTest {
    private static NodePath path(Object... elements) {
        NodePath p = new NodePath(PathType.JSON_POINTER);
        for (Object e : elements) {
            p = e instanceof Integer i ? p.append(i) : p.append((String) e);
        }
        return p;
    }

    @Test
    void rootIsEmpty() {
        assertThat(FieldPath.of(path())).isEmpty();
    }

    @Test
    void namesJoinWithDotsAndIndexesInBrackets() {
        assertThat(FieldPath.of(path("address", "zip"))).isEqualTo("address.zip");
        assertThat(FieldPath.of(path("skills", 2))).isEqualTo("skills[2]");
        assertThat(FieldPath.of(path("shifts", 0, "start"))).isEqualTo("shifts[0].start");
        assertThat(FieldPath.of(path(3))).isEqualTo("[3]");
    }

    @Test
    void oddNamesAreBracketQuoted() {
        assertThat(FieldPath.of(path("odd.name"))).isEqualTo("[\"odd.name\"]");
        assertThat(FieldPath.of(path("meta", "a.b", "c"))).isEqualTo("meta[\"a.b\"].c");
        assertThat(FieldPath.of(path("x[1]"))).isEqualTo("[\"x[1]\"]");
        assertThat(FieldPath.of(path("say \"hi\""))).isEqualTo("[\"say \\\"hi\\\"\"]");
        assertThat(FieldPath.of(path(""))).isEqualTo("[\"\"]");
        assertThat(FieldPath.of(path("a"), 1, "b.c")).isEqualTo("a[\"b.c\"]");
    }
}
