package io.lakehouse.pathwayd;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.shared.testing.TempLakeDaemonTest;
import io.lakehouse.store.lease.LeaseHeldException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;

/** pathwayd starts over a fresh store and answers its probes; a second pathwayd on the same store refuses. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PathwaydApplicationTest extends TempLakeDaemonTest {
    @Test
    void readyOverRealHttp() throws Exception {
        assertReady();
    }

    @Test
    void secondInstanceOnTheSameStoreRefusesToStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(PathwaydApplication.class)
                .properties("lakehouse.storage.uri=" + lake.toUri(), "server.port=0")
                .run().close())
                .hasRootCauseInstanceOf(LeaseHeldException.class)
                .rootCause().hasMessageContaining("_system/pathwayd/lease/ is held by pathwayd on host");
    }
}
