package io.lakehouse.queryd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import io.lakehouse.shared.testing.TempLakeDaemonTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * One million NDJSON rows, larger in total than the test JVM's whole heap (-Xmx in the pom), stream through: an
 * implementation that buffered the answer would fail with OutOfMemoryError.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NdjsonStreamTest extends TempLakeDaemonTest {
    @Test
    void millionRowsStreamWithBoundedHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        HttpResponse<InputStream> r = Lake.postStream(port, "application/x-ndjson",
                "{\"sql\":\"SELECT i AS id, 'candidate-' || i AS name, repeat('x', 500) AS notes FROM range(1000000) t(i)\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        long bytes = 0;
        long lines = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        assertThat(lines).isEqualTo(1_000_000);
        assertThat(bytes).as("answer larger than the heap (%d bytes)", maxHeap).isGreaterThan(maxHeap);
    }
}
