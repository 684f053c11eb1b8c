package io.lakehouse.vectord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.shared.testing.TempLakeDaemonTest;
import io.lakehouse.store.lease.LeaseHeldException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;

/** vectord starts over a fresh store and answers its probes; a second vectord on the same store refuses. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VectordApplicationTest extends TempLakeDaemonTest {
    @Test
    void readyOverRealHttp() throws Exception {
        assertReady();
        assertThat(lake.resolve("_system/vectord/lease/000000000000.lease")).isRegularFile();
    }

    @Test
    void secondInstanceOnTheSameStoreRefusesToStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(VectordApplication.class)
                .properties("lakehouse.storage.uri=" + lake.toUri(), "server.port=0")
                .run().close())
                .hasRootCauseInstanceOf(LeaseHeldException.class)
                .rootCause().hasMessageContaining("_system/vectord/lease/ is held by vectord on host")
                .hasMessageContaining("pid " + ProcessHandle.current().pid() + " ");
    }
}
