package io.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.format.EmailFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path of the {@code email} format answers exactly as the library does. */
class EmailFormatTest {
    private static final EmailFormat LIBRARY = new EmailFormat();
    private static final StrictFormats.FastPath FAST = StrictFormats.email();

    @Test
    void plainAddressesTakeTheFastPath() {
        for (String v : List.of("ada.lovelace@example.com", "a@b.io", "first.last+tag@sub.example.co.uk",
                "o'brien@example.org", "x_y-z@a-b.example.museum", "UPPER@EXAMPLE.COM", "1@2.de")) {
            assertThat(StrictFormats.PlainEmail.plain(v)).as(v).isTrue();
            assertThat(LIBRARY.matches(null, v)).as(v).isTrue();
        }
    }

    @Test
    void agreesWithTheLibraryOnOddAddresses() {
        List<String> cases = new ArrayList<>(List.of("", "@", "a@", "@b.com", "a@b", "a@localhost", "a@b.c",
                "a@b.com.", "a.@b.com", ".a@b.com", "a..b@c.com", "a@b..com", "a@-b.com", "a@b-.com", "a@b.c-m",
                "a@b.1com", "a@b.com1", "a@b.xn--p1ai", "a@b.notarealtld", "a@b@c.com", "\"a b\"@c.com",
                "a@[127.0.0.1]", "a@[IPv6:::1]", "a b@c.com", "a@b .com", "ä@b.com", "a@bü.com", "a@b.cöm",
                "a\u00a0@b.com", "a(b)@c.com", "a,b@c.com", "a;b@c.com", "a\\b@c.com", "a@b_c.com", "a@.com",
                "a@com", "A@B.COM", "a@b.co.uk", "a@sub.b.travel", "a@1.2.3.4", "a@b.c0m", "a@b.-com",
                "x".repeat(64) + "@b.com", "x".repeat(65) + "@b.com", "a@" + "l".repeat(63) + ".com",
                "a@" + "l".repeat(64) + ".com", "a@" + ("l".repeat(60) + ".").repeat(4) + "com",
                "a@" + ("l".repeat(61) + ".").repeat(4) + "com", "a@b.com\n", "a@b.com ", " a@b.com", "a\t@b.com",
                "!#$%&'*+/=?^_`{|}~-@example.com", "a@b.local", "a@b.localhost", "a@b.localdomain"));
        Random random = new Random(42);
        String alphabet = "aZ0.@-_+'\"[] é1:x.";
        String word = "aZ09-_+'.";
        for (int i = 0; i < 20_000; i++) {
            // Address-shaped strings around the fast path's edges: dots, hyphens and digits anywhere.
            cases.add(random(random, word, 1, 6) + "@" + random(random, word, 1, 6) + "." + random(random, word, 1, 4)
                    + (random.nextBoolean() ? ".com" : ""));
        }
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(14);
            for (int j = 0; j < n; j++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextBoolean()) {
                b.append(random.nextBoolean() ? ".com" : ".de");
            }
            cases.add(b.toString());
        }
        int plain = 0;
        for (String v : cases) {
            assertThat(FAST.matches(null, v)).as("email format of \"%s\"", v).isEqualTo(LIBRARY.matches(null, v));
            plain += StrictFormats.PlainEmail.plain(v) ? 1 : 0;
        }
        assertThat(plain).as("cases that took the fast path").isGreaterThan(200);
    }

    private static String random(Random random, String alphabet, int min, int max) {
        StringBuilder b = new StringBuilder();
        int n = min + random.nextInt(max - min + 1);
        for (int j = 0; j < n; j++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
