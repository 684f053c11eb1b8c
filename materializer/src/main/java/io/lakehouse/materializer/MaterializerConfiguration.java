package io.lakehouse.materializer;

import io.lakehouse.materializer.run.MaterializeSchedule;
import io.lakehouse.materializer.run.Materializer;
import io.lakehouse.shared.peer.PeerClients;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.validation.ContractRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The materializer, its schedule, and the best-effort queryd refresh after each committed dataset. */
@Configuration(proxyBeanMethods = false)
class MaterializerConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(MaterializerConfiguration.class);

    @Bean(destroyMethod = "close")
    Materializer materializer(ObjectStore store, ContractRegistry contracts, JsonMapper json,
                              MaterializerProperties properties, PeerClients peers, MeterRegistry meters) {
        return new Materializer(store, contracts, json, properties, querydRefresh(peers), Clock.systemUTC(), meters);
    }

    @Bean
    MaterializeSchedule materializeSchedule(Materializer materializer, MaterializerProperties properties) {
        return new MaterializeSchedule(materializer, properties.interval());
    }

    private static Consumer<String> querydRefresh(PeerClients peers) {
        return dataset -> {
            if (!peers.peers().containsKey("queryd")) {
                return;
            }
            try {
                PeerClients.call("queryd", () -> peers.client("queryd").post().uri("/v1/refresh")
                        .body(Map.of("dataset", dataset)).retrieve().toBodilessEntity());
                LOG.info("queryd refreshed after {}", dataset);
            } catch (RuntimeException e) {
                LOG.warn("queryd refresh after {} failed (best effort): {}", dataset, e.getMessage());
            }
        };
    }
}
