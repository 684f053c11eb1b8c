package io.lakehouse.pathwayd.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.store.LocalObjectStore;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A torn last journal segment is ignored at start-up: the operations before it are there, and writing goes on. */
class TornTailTest {
    @TempDir
    Path dir;

    @Test
    void tornTailIsIgnoredAndWritesContinue() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir.resolve("lake"));
        MemoryService service = ReplayIdentityTest.service(store, Long.MAX_VALUE, dir);
        String a = service.submit(new Command.Add(Kind.FACT, "first", null, Scope.NONE, null, null)).result().id();
        String b = service.submit(new Command.Add(Kind.FACT, "second", null, Scope.NONE, null, null)).result().id();
        service.submit(new Command.Update(b, "second, updated", null, null, 1L));
        service.close();
        try (Stream<Path> snaps = Files.list(dir.resolve("lake/journal/pathwayd/snap"))) {
            for (Path p : snaps.toList()) {
                Files.delete(p);
            }
        }
        List<Path> segs;
        try (Stream<Path> s = Files.list(dir.resolve("lake/journal/pathwayd/log"))) {
            segs = s.sorted(Comparator.naturalOrder()).toList();
        }
        // A clean close seals the open segment; its last frame is the UPDATE, which the truncation below tears.
        assertThat(segs).isNotEmpty().allMatch(p -> p.getFileName().toString().endsWith(".seg"));
        try (FileChannel ch = FileChannel.open(segs.getLast(), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }

        MemoryService again = ReplayIdentityTest.service(store, Long.MAX_VALUE, dir);
        assertThat(again.live().get(a).orElseThrow().content()).isEqualTo("first");
        Memory second = again.live().get(b).orElseThrow();
        assertThat(second.content()).isEqualTo("second");
        assertThat(second.version()).isEqualTo(1);
        Memory updated = again.submit(new Command.Update(b, "second, again", null, null, 1L)).result();
        assertThat(updated.version()).isEqualTo(2);
        assertThat(again.live().history(b)).hasSize(2);
        again.close();
    }
}
