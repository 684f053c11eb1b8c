package io.lakehouse.observerd.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class Rfc3339Test {
    static long reference(String s) {
        return ObservationCodec.epochNanos(OffsetDateTime.parse(s.toUpperCase()).toInstant());
    }

    @Test
    void agreesWithJavaTimeOnOffsetsFractionsAndCase() {
        for (String s : new String[] {"2026-11-29T10:00:00Z", "2026-11-29t10:00:00z", "2026-11-29T10:00:00.5+05:30",
                "2026-02-28T23:59:59.123456789-08:00", "1970-01-01T00:00:00Z", "2024-02-29T12:00:00.000001Z",
                "2262-04-11T23:47:16.854775807Z"}) {
            assertThat(Rfc3339.epochNanos(s)).as(s).isEqualTo(reference(s));
        }
        assertThat(Rfc3339.epochNanos("2026-11-29T10:00:00.1234567891Z")).isEqualTo(reference("2026-11-29T10:00:00.123456789Z"));
    }

    @Test
    void refusesWhatItCannotRepresent() {
        for (String s : new String[] {"2026-11-29T23:59:60Z", "2026-02-30T00:00:00Z", "2026-11-29T10:00:00",
                "2026-11-29 10:00:00Z", "2026-11-29T10:00:00.Z", "2026-11-29T10:00:00+0100"}) {
            assertThatThrownBy(() -> Rfc3339.epochNanos(s)).as(s).isInstanceOf(RuntimeException.class);
        }
        assertThatThrownBy(() -> Rfc3339.epochNanos("9999-12-31T00:00:00Z")).isInstanceOf(ArithmeticException.class);
    }
}
