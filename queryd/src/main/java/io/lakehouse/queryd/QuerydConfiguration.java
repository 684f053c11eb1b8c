package io.lakehouse.queryd;

import io.lakehouse.queryd.engine.DuckDbEngine;
import io.lakehouse.queryd.lake.CuratedMirror;
import io.lakehouse.queryd.lake.LakeCatalog;
import io.lakehouse.queryd.lake.RefreshTicker;
import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The DuckDB instance, the catalog of views over curated/, its refresh, and the duckdb readiness check. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QuerydProperties.class)
class QuerydConfiguration {

    /** Where DuckDB reads curated/ from: the store's own directory, or the mirror for S3. */
    record LakeLocation(Path curated, CuratedMirror mirror) {
    }

    @Bean
    LakeLocation lakeLocation(ObjectStore store, QuerydProperties properties) throws IOException {
        if (store instanceof LocalObjectStore local) {
            Path curated = local.root().resolve("curated");
            Files.createDirectories(curated);
            return new LakeLocation(curated, null);
        }
        CuratedMirror mirror = new CuratedMirror(store, properties.mirrorDir());
        return new LakeLocation(mirror.curated(), mirror);
    }

    /** Scratch for Parquet answers: the only directory besides curated/ the instance may touch. */
    @Bean(destroyMethod = "close")
    ExportDirectory exportDirectory(QuerydProperties properties) throws IOException {
        Path owned = properties.workDir() == null ? Files.createTempDirectory("queryd-").toAbsolutePath() : null;
        Path dir = owned != null ? owned : Files.createDirectories(properties.workDir());
        return new ExportDirectory(dir.toAbsolutePath().normalize().resolve("export"), owned);
    }

    @Bean(destroyMethod = "close")
    DuckDbEngine duckDbEngine(QuerydProperties properties, LakeLocation lake, ExportDirectory export)
            throws SQLException, IOException {
        Files.createDirectories(export.path());
        return new DuckDbEngine(new DuckDbEngine.Settings(List.of(lake.curated(), export.path()),
                properties.memoryLimit(), properties.effectiveThreads(), properties.maxConcurrentStatements()));
    }

    @Bean
    LakeCatalog lakeCatalog(DuckDbEngine engine, LakeLocation lake) {
        return new LakeCatalog(engine, lake.curated());
    }

    @Bean
    RefreshTicker refreshTicker(LakeCatalog catalog, LakeLocation lake, QuerydProperties properties) {
        return new RefreshTicker(catalog, lake.mirror(), properties.refreshInterval());
    }

    @Bean("duckdb")
    HealthIndicator duckdbHealthIndicator(DuckDbEngine engine, RefreshTicker ticker) {
        return () -> {
            try {
                engine.admin(c -> {
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                        rs.next();
                        return rs.getInt(1);
                    }
                });
                Health.Builder b = Health.up().withDetail("active_statements", engine.active());
                if (ticker.lastError() != null) {
                    b.withDetail("refresh_error", ticker.lastError());
                }
                return b.build();
            } catch (SQLException e) {
                return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
            }
        };
    }
}
