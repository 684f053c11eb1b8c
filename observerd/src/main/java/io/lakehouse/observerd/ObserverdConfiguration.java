package io.lakehouse.observerd;

import io.lakehouse.observerd.ingest.Ingestor;
import io.lakehouse.observerd.ingest.ObservationLog;
import io.lakehouse.observerd.observation.ObservationCodec;
import io.lakehouse.observerd.replay.CaptureStore;
import io.lakehouse.observerd.replay.Replayer;
import io.lakehouse.observerd.replay.TargetPolicy;
import io.lakehouse.observerd.runs.RunIndex;
import io.lakehouse.observerd.runs.RunTrees;
import io.lakehouse.observerd.stats.LiveStats;
import io.lakehouse.shared.lease.DaemonLease;
import io.lakehouse.shared.lease.DaemonLeaseFactory;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.validation.ContractRegistries;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.EngineSettings;
import io.lakehouse.validation.ValidationEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the contract registry, the journal-backed core, runs, stats, and the readiness checks. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ObserverdProperties.class)
class ObserverdConfiguration {

    @Bean
    ValidationEngine validationEngine() {
        return new ValidationEngine(EngineSettings.DEFAULTS);
    }

    /** The same registry validatord and the materializer use: contracts from the store, polled for new versions. */
    @Bean(destroyMethod = "close")
    ContractRegistry contractRegistry(ObjectStore store, ValidationEngine engine, ObserverdProperties props) {
        return ContractRegistries.open(store, engine, Duration.ofSeconds(1), Duration.ofSeconds(2),
                props.seedContracts());
    }

    @Bean
    ObservationCodec observationCodec(ValidationEngine engine) {
        return new ObservationCodec(engine.json());
    }

    @Bean
    RunIndex runIndex(ObserverdProperties props, ObservationCodec codec) {
        return new RunIndex(props.runs().maxObservations(), codec::parse);
    }

    @Bean
    LiveStats liveStats(ObserverdProperties props) {
        return new LiveStats(props.stats().maxSeries(), props.stats().significantDigits(), System::currentTimeMillis);
    }

    /** One observerd per store (ADR 0003): taken before the journal opens, released after it has flushed. */
    @Bean
    DaemonLease observerdLease(DaemonLeaseFactory leases) {
        return leases.acquire("observerd");
    }

    @Bean(destroyMethod = "close")
    ObservationLog observationLog(ObjectStore store, ObserverdProperties props, ObservationCodec codec, RunIndex runs,
                                  LiveStats stats, MeterRegistry meters, DaemonLease observerdLease) {
        // Writes go through the lease's fence: an observerd paused past its lease cannot write into the journal.
        return new ObservationLog(observerdLease.fence(store), props, codec, runs, stats, meters);
    }

    @Bean
    Ingestor ingestor(ContractRegistry contracts, ObservationCodec codec, ObservationLog log,
                      ObserverdProperties props, MeterRegistry meters) {
        return new Ingestor(contracts, codec, log, props, meters);
    }

    @Bean
    RunTrees runTrees(JsonMapper json) {
        return new RunTrees(json);
    }

    @Bean
    CaptureStore captureStore(ObjectStore store) {
        return new CaptureStore(store);
    }

    @Bean
    Replayer replayer(ValidationEngine engine, ObserverdProperties props) {
        var r = props.replay();
        return new Replayer(engine.json(), r.concurrency(), r.connectTimeout(), r.requestTimeout(), r.maxDiffsPerCase());
    }

    @Bean
    TargetPolicy targetPolicy(ObserverdProperties props) {
        return new TargetPolicy(props.replay().allowedTargets());
    }

    @Bean("journal")
    HealthIndicator journalHealthIndicator(ObservationLog log) {
        return () -> log.healthy() ? Health.up().withDetail("export_lag_entries", log.exportLag()).build()
                : Health.down().withDetail("error", String.valueOf(log.failure())).build();
    }

    @Bean("contracts")
    HealthIndicator contractsHealthIndicator(ContractRegistry registry) {
        return () -> registry.latest(Ingestor.DATASET).isPresent()
                ? Health.up().build()
                : Health.down().withDetail("reason", "the observation contract is not loaded").build();
    }
}
