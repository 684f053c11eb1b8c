package io.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.format.DateFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path of the {@code date} format answers exactly as the library does. */
class FastDateTest {
    private static final DateFormat LIBRARY = new DateFormat();
    private static final StrictFormats.FastPath FAST = StrictFormats.date();

    @Test
    void everydayDatesTakeTheFastPath() {
        for (String v : List.of("2026-12-01", "2024-02-29", "1000-01-01", "9999-12-31", "2026-11-30")) {
            assertThat(FAST.surelyValid().test(v)).as(v).isTrue();
            assertThat(LIBRARY.matches(null, v)).as(v).isTrue();
        }
    }

    @Test
    void agreesWithTheLibrary() {
        List<String> cases = new ArrayList<>(List.of("", "2026-13-45", "2026-02-29", "2024-02-30", "1900-02-29",
                "2000-02-29", "2026-04-31", "2026-00-10", "2026-01-00", "0999-01-01", "0000-01-01", "+2026-01-01",
                "2026-1-01", "2026-01-1", "2026/01/01", "2026-01-01T00:00:00Z", " 2026-01-01", "2026-01-01 ",
                "２０２６-01-01", "20260101", "2026-01-01x", "99999-01-01"));
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            int year = random.nextInt(12_000) - 500;
            String y = year < 0 ? Integer.toString(year) : String.format("%04d", year);
            cases.add(y + "-" + String.format("%02d", random.nextInt(15)) + "-" + String.format("%02d", random.nextInt(34)));
        }
        int fast = 0;
        for (String v : cases) {
            assertThat(FAST.matches(null, v)).as("date format of \"%s\"", v).isEqualTo(LIBRARY.matches(null, v));
            fast += FAST.surelyValid().test(v) ? 1 : 0;
        }
        assertThat(fast).as("cases that took the fast path").isGreaterThan(10_000);
    }
}
