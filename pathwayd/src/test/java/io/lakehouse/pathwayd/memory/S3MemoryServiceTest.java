package io.lakehouse.pathwayd.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.ObjectStores;
import io.lakehouse.store.S3TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same journal, snapshots and recovery on the S3 backend (s3proxy in-process, create-only keys enforced). */
class S3MemoryServiceTest {
    @TempDir
    Path dir;

    @Test
    void operationsSnapshotsAndRestartOnS3() throws Exception {
        try (S3TestServer server = S3TestServer.start(dir.resolve("s3"))) {
            ObjectStore store = ObjectStores.open(server.newBucket());
            MemoryService service = ReplayIdentityTest.service(store, 25, dir);
            List<String> ids = new ArrayList<>();
            Random r = new Random(3);
            List<Command> adds = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                adds.add(ReplayIdentityTest.randomAdd(r));
            }
            service.submitAll(adds).forEach(d -> ids.add(d.result().id()));
            int accepted = 0;
            for (int i = 0; i < 70; i++) {
                try {
                    MemoryStateMachine.Decision d = service.submit(ReplayIdentityTest.randomCommand(r, ids));
                    if (d.created()) {
                        ids.add(d.result().id());
                    }
                    accepted++;
                } catch (Rejected expected) {
                    // part of the workload
                }
            }
            assertThat(accepted).isGreaterThan(35);
            Map<String, Object> live = service.live().dump();
            long seq = service.live().seq();
            service.close();
            assertThat(store.listAll("journal/pathwayd/snap/").count()).isBetween(1L, 2L);

            MemoryService again = ReplayIdentityTest.service(store, 25, dir);
            assertThat(again.live().seq()).isEqualTo(seq);
            assertThat(again.live().dump()).isEqualTo(live);
            again.close();
        }
    }
}
