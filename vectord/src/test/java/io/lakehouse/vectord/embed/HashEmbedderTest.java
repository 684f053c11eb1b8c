package io.lakehouse.vectord.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.vectord.index.VectorMath;
import org.junit.jupiter.api.Test;

class HashEmbedderTest {
    @Test
    void deterministicNormalisedAndKeywordSimilar() {
        HashEmbedder e = new HashEmbedder(128);
        float[] a = e.embed("Senior Java engineer, Austin TX");
        assertThat(e.embed("Senior Java engineer, Austin TX")).containsExactly(a);
        assertThat(VectorMath.norm(a)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        float near = VectorMath.dot(a, e.embed("java engineer in austin"));
        float far = VectorMath.dot(a, e.embed("registered nurse, night shift"));
        assertThat(near).isGreaterThan(far + 0.2f);
    }

    @Test
    void noWordsIsBadInput() {
        assertThatThrownBy(() -> new HashEmbedder(8).embed("  ,; "))
                .isInstanceOfSatisfying(EmbedderException.class, ex -> assertThat(ex.badInput()).isTrue());
    }
}
