package io.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.format.DateTimeFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The date-time fast path never calls valid what the library refuses, and takes the everyday shapes. */
class FastDateTimeTest {
    private static final DateTimeFormat LIBRARY = new DateTimeFormat();
    private final StrictFormats.FastPath fast = StrictFormats.dateTime();

    @Test
    void everydayShapesTakeTheFastPath() {
        for (String s : List.of("2026-11-29T10:00:00Z", "2026-11-29T10:00:00.1Z", "2026-11-29T23:59:59.123456789Z",
                "2024-02-29T00:00:00+01:00", "1999-12-31T12:30:45.25-17:59", "2026-11-29T10:00:00.123+05:30")) {
            assertThat(FormatShapes.dateTime(s)).as(s).isTrue();
            assertThat(LIBRARY.matches(null, s)).as(s).isTrue();
        }
    }

    @Test
    void edgeCasesGoToTheLibrary() {
        for (String s : List.of("2026-11-29t10:00:00z", "2016-12-31T23:59:60Z", "2023-02-29T00:00:00Z",
                "2026-11-29T24:00:00Z", "2026-11-29T10:00:00.1234567891Z", "0999-01-01T00:00:00Z",
                "2026-11-29T10:00:00", "2026-11-29T10:00:00+24:00", "2026-11-29T10:00:00.Z", "2026-13-01T00:00:00Z",
                "2026-11-29 10:00:00Z", "2026-11-29T1:00:00Z", "2026-11-29T10:00:00+0100", "+2026-11-29T10:00:00Z")) {
            assertThat(FormatShapes.dateTime(s)).as(s).isFalse();
            assertThat(fast.matches(null, s)).as(s).isEqualTo(LIBRARY.matches(null, s));
        }
    }

    @Test
    void agreesWithTheLibraryOnRandomMutations() {
        Random r = new Random(42);
        String alphabet = "0123456789-:.TtZz+ ";
        List<String> seeds = List.of("2026-11-29T10:00:00Z", "2024-02-29T23:59:59.999+14:00", "1970-01-01T00:00:00.5-00:30",
                "2000-06-30T23:59:60Z", "9999-12-31T23:59:59.123456789+23:59");
        int fastValid = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder(seeds.get(r.nextInt(seeds.size())));
            for (int m = r.nextInt(3); m >= 0; m--) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(3)) {
                    case 0 -> b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    case 1 -> b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    default -> b.deleteCharAt(at);
                }
            }
            String s = b.toString();
            boolean library = LIBRARY.matches(null, s);
            if (FormatShapes.dateTime(s)) {
                fastValid++;
                assertThat(library).as(s).isTrue();
            }
            assertThat(fast.matches(null, s)).as(s).isEqualTo(library);
        }
        assertThat(fastValid).isGreaterThan(5_000);
    }

    @Test
    void everyDayOfSomeYearsAgrees() {
        List<String> all = new ArrayList<>();
        for (int year : new int[] {1000, 1900, 2000, 2023, 2024, 2100, 9999}) {
            for (int month = 0; month <= 13; month++) {
                for (int day = 0; day <= 32; day++) {
                    all.add(String.format("%04d-%02d-%02dT12:00:00Z", year, month, day));
                }
            }
        }
        for (String s : all) {
            assertThat(fast.matches(null, s)).as(s).isEqualTo(LIBRARY.matches(null, s));
            if (FormatShapes.dateTime(s)) {
                assertThat(LIBRARY.matches(null, s)).as(s).isTrue();
            }
        }
    }
}
