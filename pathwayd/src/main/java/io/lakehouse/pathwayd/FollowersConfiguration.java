package io.lakehouse.pathwayd;

import io.lakehouse.journal.JournalCursor;
import io.lakehouse.pathwayd.export.EventExporter;
import io.lakehouse.pathwayd.memory.Codec;
import io.lakehouse.pathwayd.memory.MemoryService;
import io.lakehouse.pathwayd.search.IndexFeeder;
import io.lakehouse.pathwayd.search.VectordIndex;
import io.lakehouse.shared.lease.DaemonLease;
import io.lakehouse.shared.peer.PeerClients;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.validation.ContractRegistries;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.EngineSettings;
import io.lakehouse.validation.ValidationEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The journal's followers: the vectord index feeder and the {@code raw/} exporter. Each keeps its own cursor;
 * compaction keeps the journal after the older of the two.
 */
@Configuration(proxyBeanMethods = false)
class FollowersConfiguration {

    @Bean
    @ConditionalOnProperty(name = "lakehouse.pathwayd.index.enabled", havingValue = "true", matchIfMissing = true)
    VectordIndex vectordIndex(PeerClients peers, PathwaydProperties props) {
        return new VectordIndex(peers, props.index());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "lakehouse.pathwayd.index.enabled", havingValue = "true", matchIfMissing = true)
    IndexFeeder indexFeeder(MemoryService service, VectordIndex index, ObjectStore store, Codec codec,
                            PathwaydProperties props, MeterRegistry meters, DaemonLease pathwaydLease)
            throws IOException {
        IndexFeeder feeder = new IndexFeeder(service, index, new JournalCursor(pathwaydLease.fence(store),
                PathwaydConfiguration.JOURNAL, IndexFeeder.CURSOR), codec, props.index(), meters);
        feeder.start();
        return feeder;
    }

    @Bean(destroyMethod = "close")
    ContractRegistry contractRegistry(ObjectStore store, PathwaydProperties props) {
        return ContractRegistries.open(store, new ValidationEngine(EngineSettings.DEFAULTS), Duration.ofSeconds(1),
                Duration.ofSeconds(30), props.export().seedContracts());
    }

    @Bean(destroyMethod = "close")
    EventExporter eventExporter(MemoryService service, ObjectStore store, ContractRegistry contracts, Codec codec,
                                PathwaydProperties props, MeterRegistry meters,
                                org.springframework.beans.factory.ObjectProvider<IndexFeeder> feeder,
                                DaemonLease pathwaydLease) throws IOException {
        // raw/pathway_event and the export cursor are this daemon's writes too: fenced by its lease.
        EventExporter exporter = new EventExporter(pathwaydLease.fence(store), service.journal(), contracts, codec,
                props.export().maxEntries(), props.export().interval(), meters);
        service.addListener(exporter::remember);
        exporter.start();
        IndexFeeder f = feeder.getIfAvailable();
        service.compactionHold(() -> {
            try {
                long hold = props.export().interval().isZero() ? Long.MAX_VALUE : exporter.position();
                return f == null ? hold : Math.min(hold, f.savedPosition());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return exporter;
    }
}
