package io.lakehouse.shared.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.shared.config.StartupFailureAnalyzer;
import io.lakehouse.store.lease.LeaseHeldException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class DaemonLeaseTest {
    @TempDir
    Path lake;

    /** A daemon that owns state: one lease bean, one writer that depends on it. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class LeasingDaemon {
        @Bean
        DaemonLease daemonLease(DaemonLeaseFactory leases) {
            return leases.acquire("testd");
        }

        @Bean
        Writer writer(DaemonLease lease) {
            return new Writer(lease);
        }
    }

    record Writer(DaemonLease lease) {
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LeasingDaemon.class).web(WebApplicationType.NONE)
                .properties("lakehouse.storage.uri=" + lake.toUri(), "spring.application.name=testd",
                        "spring.main.banner-mode=off")
                .run();
    }

    @Test
    void secondInstanceOnTheSameStoreRefusesToStartNamingTheHolder() {
        try (ConfigurableApplicationContext first = start()) {
            DaemonLease lease = first.getBean(DaemonLease.class);
            assertThat(lease.isHeld()).isTrue();
            assertThat(lease.prefix()).isEqualTo("_system/testd/lease/");
            assertThat(first.getBean("lease", HealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);

            Throwable failure = null;
            try {
                start().close();
            } catch (Throwable t) {
                failure = t;
            }
            assertThat(failure).as("the second instance must not start").isNotNull();
            assertThat(failure).hasRootCauseInstanceOf(LeaseHeldException.class);
            FailureAnalysis analysis = new StartupFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription()).startsWith("lakehouse: refusing to start: the single-writer lease "
                    + "_system/testd/lease/ is held by testd on host")
                    .contains("pid " + ProcessHandle.current().pid() + " ");
            assertThat(analysis.getAction()).contains("one instance per store");
        }
        // Closing the first released the lease: the next one starts at once with the next generation.
        try (ConfigurableApplicationContext next = start()) {
            assertThat(next.getBean(DaemonLease.class).record().generation()).isEqualTo(1);
        }
    }

    @Test
    void propertiesValidateTheTtlAndRenewal() {
        assertThatThrownBy(() -> new LeaseProperties(java.time.Duration.ofMillis(10), java.time.Duration.ZERO, true,
                LeaseProperties.OnLost.EXIT)).hasMessageContaining("lakehouse.lease.ttl");
        assertThatThrownBy(() -> new LeaseProperties(java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(20),
                true, LeaseProperties.OnLost.EXIT)).hasMessageContaining("renew-every");
        assertThat(new LeaseProperties(java.time.Duration.ofSeconds(30), java.time.Duration.ZERO, true,
                LeaseProperties.OnLost.EXIT).effectiveRenewEvery()).isEqualTo(java.time.Duration.ofSeconds(10));
    }
}
