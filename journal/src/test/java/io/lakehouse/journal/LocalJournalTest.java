package io.lakehouse.journal;

import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.store.ObjectStore;
import java.nio.file.Path;

class LocalJournalTest extends JournalContract {
    @Override
    ObjectStore newStore(Path dir) {
        return new LocalObjectStore(dir);
    }
}
