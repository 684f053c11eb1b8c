package io.lakehouse.queryd;

import io.lakehouse.shared.testing.TempLakeDaemonTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** queryd starts over a fresh store and answers its probes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuerydApplicationTest extends TempLakeDaemonTest {
    @Test
    void readyOverRealHttp() throws Exception {
        assertReady();
    }
}
