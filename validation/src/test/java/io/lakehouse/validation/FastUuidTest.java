package io.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.format.Format;
import com.networknt.schema.format.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The fast path of the {@code uuid} format answers exactly as the library does. */
class FastUuidTest {
    private static final Format LIBRARY = Formats.DEFAULT.stream().filter(f -> f.getName().equals("uuid"))
            .findFirst().orElseThrow();
    private static final StrictFormats.FastPath FAST = StrictFormats.uuid();

    @Test
    void agreesWithTheLibrary() {
        List<String> cases = new ArrayList<>(List.of("", "0192f0a4-7c1e-7b3a-9a51-3c1f2b7d9e01",
                "0192F0A4-7C1E-7B3A-9A51-3C1F2B7D9E01", "0192f0a4-7c1e-7b3a-9a51-3c1f2b7d9e0",
                "0192f0a4-7c1e-7b3a-9a51-3c1f2b7d9e012", "0192f0a47c1e7b3a9a513c1f2b7d9e01",
                "0192f0a4-7c1e-7b3a-9a51-3c1f2b7d9e0g", "0192f0a4-7c1e-7b3a-9a51-3c1f2b7d9e01\\n",
                "0192f0a4-7c1e-7b3a-9a51-3c1f2b7d9e01\n", "{0192f0a4-7c1e-7b3a-9a51-3c1f2b7d9e01}",
                "0192f0a4_7c1e-7b3a-9a51-3c1f2b7d9e01", "０192f0a4-7c1e-7b3a-9a51-3c1f2b7d9e01"));
        Random random = new Random(11);
        String alphabet = "0123456789abcdefABCDEFgG-x ";
        for (int i = 0; i < 20_000; i++) {
            cases.add(UUID.randomUUID().toString());
            char[] c = UUID.randomUUID().toString().toCharArray();
            c[random.nextInt(c.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            cases.add(new String(c));
        }
        int fast = 0;
        for (String v : cases) {
            assertThat(FAST.matches(null, v)).as("uuid format of \"%s\"", v).isEqualTo(LIBRARY.matches(null, v));
            fast += FAST.surelyValid().test(v) ? 1 : 0;
        }
        assertThat(fast).as("cases that took the fast path").isGreaterThan(20_000);
    }
}
