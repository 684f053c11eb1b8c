package io.lakehouse.pathwayd;

import io.lakehouse.journal.Journal;
import io.lakehouse.journal.JournalSettings;
import io.lakehouse.pathwayd.api.OneWriteAnswers;
import io.lakehouse.pathwayd.memory.Codec;
import io.lakehouse.pathwayd.memory.MemoryService;
import io.lakehouse.pathwayd.memory.MemoryStateMachine;
import io.lakehouse.shared.ids.Ids;
import io.lakehouse.shared.lease.DaemonLease;
import io.lakehouse.shared.lease.DaemonLeaseFactory;
import io.lakehouse.store.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the journal, the memory service (recovered before the web server takes requests) and readiness. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PathwaydProperties.class)
class PathwaydConfiguration {
    static final String JOURNAL = "pathwayd";

    @Bean
    Codec codec() {
        return new Codec();
    }

    /** One pathwayd per store (ADR 0003): taken before the journal opens, released after it has flushed. */
    @Bean
    DaemonLease pathwaydLease(DaemonLeaseFactory leases) {
        return leases.acquire("pathwayd");
    }

    @Bean(destroyMethod = "close")
    MemoryService memoryService(ObjectStore store, Codec codec, PathwaydProperties props, MeterRegistry meters,
                                DaemonLease pathwaydLease) throws IOException {
        PathwaydProperties.Journal j = props.journal();
        // Writes go through the lease's fence: a pathwayd paused past its lease cannot write into the journal.
        Journal journal = Journal.open(pathwaydLease.fence(store), JOURNAL, new JournalSettings(j.queueCapacity(),
                j.maxBatchEntries(), 8 << 20, j.window(), j.retryBudget()), meters);
        Path tmp = props.snapshot().tmpDir() != null ? props.snapshot().tmpDir()
                : Path.of(System.getProperty("java.io.tmpdir"));
        MemoryService service = new MemoryService(journal, codec, new MemoryStateMachine(Clock.systemUTC(), Ids::newId),
                new MemoryService.Settings(j.writeTimeout(), props.snapshot().everyOperations(), tmp,
                        props.snapshot().cpuShare()), meters);
        service.start();
        return service;
    }

    /** API answers in one write with their length (not chunked); after the shared filters, so errors they write pass. */
    @Bean
    FilterRegistrationBean<OneWriteAnswers> oneWriteAnswers() {
        var reg = new FilterRegistrationBean<>(new OneWriteAnswers());
        reg.addUrlPatterns("/v1/*");
        reg.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return reg;
    }

    /** Ready once the state is recovered and the journal takes appends (vectord being down does not matter). */
    @Bean("memories")
    HealthIndicator memoriesHealthIndicator(MemoryService service) {
        return () -> {
            if (service.healthy()) {
                return Health.up().withDetail("memories", service.live().size())
                        .withDetail("journal_seq", service.live().seq()).build();
            }
            Health.Builder b = Health.down().withDetail("loaded", service.loaded());
            if (service.journal().failure() != null) {
                b.withDetail("journal", String.valueOf(service.journal().failure().getMessage()));
            }
            return b.build();
        };
    }
}
