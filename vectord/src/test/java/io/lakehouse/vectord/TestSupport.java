package io.lakehouse.vectord;

import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.vectord.durability.IndexLog;
import io.lakehouse.vectord.index.EmbedderSpec;
import io.lakehouse.vectord.index.IndexSettings;
import io.lakehouse.vectord.index.Metric;
import io.lakehouse.vectord.registry.IndexRegistry;
import io.lakehouse.vectord.registry.OpenIndex;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** Builds registries over a local store without Spring, and data sets with a fixed seed. */
public final class TestSupport {
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private TestSupport() {
    }

    public static VectordProperties props(long snapshotEveryRecords, Duration minInterval) {
        return new VectordProperties(
                new VectordProperties.Defaults(16, 200, 64, 1024),
                new VectordProperties.GroupCommit(Duration.ZERO, 8192, 100_000),
                new VectordProperties.Snapshot(snapshotEveryRecords, DataSize.ofMegabytes(512), Duration.ofHours(1),
                        minInterval, Duration.ofSeconds(60), null),
                new VectordProperties.Embedder(Duration.ofSeconds(2), Duration.ofSeconds(2), 3, Duration.ofMillis(10), 64),
                new VectordProperties.Load(0),
                10_000);
    }

    public static ObjectStore store(Path dir) {
        return new LocalObjectStore(dir);
    }

    /** A started registry whose indexes are loaded. */
    public static IndexRegistry registry(ObjectStore store, VectordProperties props) throws InterruptedException {
        IndexRegistry r = new IndexRegistry(store, JSON, props, new SimpleMeterRegistry());
        r.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!r.loaded()) {
            if (r.loadFailure().isPresent() || System.nanoTime() > deadline) {
                throw new IllegalStateException("load failed: " + r.loadFailure().orElse("timeout"));
            }
            Thread.sleep(10);
        }
        return r;
    }

    public static IndexSettings settings(String name, int dim, Metric metric, int m, int efc) {
        return new IndexSettings(name, dim, metric, m, efc, 64, null);
    }

    public static IndexSettings hashSettings(String name, int dim) {
        return new IndexSettings(name, dim, Metric.COSINE, 16, 200, 64, new EmbedderSpec("hash", null, null, null));
    }

    public static void upsert(OpenIndex o, String id, float[] v, String metadataJson) throws Exception {
        o.write(List.of(new IndexLog.Mutation(id, v, metadataJson == null ? null : JSON.readTree(metadataJson))));
    }

    public static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }

    /** Normalised Gaussian-mixture vectors: {@code clusters} centres, points spread around them. */
    public static List<float[]> clustered(int n, int dim, int clusters, long seed) {
        Random rnd = new Random(seed);
        float[][] centres = new float[clusters][dim];
        for (float[] c : centres) {
            for (int j = 0; j < dim; j++) {
                c[j] = (float) rnd.nextGaussian();
            }
        }
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] c = centres[rnd.nextInt(clusters)];
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = c[j] + (float) (rnd.nextGaussian() * 0.5);
            }
            out.add(unit(v));
        }
        return out;
    }
}
