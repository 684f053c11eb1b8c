package io.lakehouse.vectord.bench;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import io.lakehouse.vectord.index.Filter;
import io.lakehouse.vectord.index.IndexSettings;
import io.lakehouse.vectord.index.ItemRecord;
import io.lakehouse.vectord.index.Metric;
import io.lakehouse.vectord.index.SearchHit;
import io.lakehouse.vectord.index.VectorIndex;
import io.lakehouse.vectord.index.VectorMath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * vectord's index in-process on the data of scripts/bench/vectord/gen.py: build time, RSS, and per ef the recall@10
 * against the exact ground truth and single-thread queries per second. With {@code --baseline} it also builds
 * hnswlib-core with its stock boxed {@code FLOAT_INNER_PRODUCT} distance, to show what the float[] kernel buys.
 * Prints one JSON object per line. Usage: InProcessBench DATA EFS [--baseline]
 */
public final class InProcessBench {
    private static final int D = 128;

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int[] efs = java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        boolean baseline = args.length > 2 && args[2].equals("--baseline");
        float[][] base = floats(data.resolve("base.f32"));
        float[][] queries = floats(data.resolve("queries.f32"));
        int[][] gt = ints(data.resolve("gt.i32"), 10);
        int threads = Runtime.getRuntime().availableProcessors();

        VectorIndex index = new VectorIndex(new IndexSettings("bench", D, Metric.COSINE, 16, 200, 64, null), 1024);
        List<String> ids = new ArrayList<>(base.length);
        for (int i = 0; i < base.length; i++) {
            index.applyUpsert(new ItemRecord(Integer.toString(i), base[i], null, i + 1));
            ids.add(Integer.toString(i));
        }
        long t = System.nanoTime();
        index.syncAll(ids, threads);
        double build = (System.nanoTime() - t) / 1e9;
        System.gc();
        System.out.printf("{\"impl\":\"vectord in-process (%s)\",\"build_s\":%.2f,\"build_threads\":%d,\"rss_mb\":%d}%n",
                VectorMath.implementation(), build, threads, rssMb());
        for (int ef : efs) {
            for (int i = 0; i < 2000; i++) { // warm-up: JIT
                index.search(queries[i % queries.length], 10, ef, Filter.NONE, false);
            }
            double best = 0;
            int hit = 0;
            for (int round = 0; round < 3; round++) {
                hit = 0;
                long s = System.nanoTime();
                for (int q = 0; q < queries.length; q++) {
                    List<SearchHit> r = index.search(queries[q], 10, ef, Filter.NONE, false);
                    Set<Integer> got = new HashSet<>();
                    for (SearchHit h : r) {
                        got.add(Integer.parseInt(h.item().id()));
                    }
                    for (int g : gt[q]) {
                        if (got.contains(g)) {
                            hit++;
                        }
                    }
                }
                best = Math.max(best, queries.length / ((System.nanoTime() - s) / 1e9));
            }
            System.out.printf("{\"impl\":\"vectord in-process (%s)\",\"ef\":%d,\"recall10\":%.4f,\"qps\":%d}%n",
                    VectorMath.implementation(), ef, hit / (10.0 * queries.length), Math.round(best));
        }
        if (baseline) {
            baseline(base, queries, gt, efs, threads);
        }
    }

    record Vec(String id, float[] vector) implements Item<String, float[]> {
        @Override
        public int dimensions() {
            return vector.length;
        }
    }

    /** Stock hnswlib-core: boxed Float distance from the library's DistanceFunctions. */
    private static void baseline(float[][] base, float[][] queries, int[][] gt, int[] efs, int threads) throws Exception {
        HnswIndex<String, float[], Vec, Float> h = HnswIndex.newBuilder(D, DistanceFunctions.FLOAT_INNER_PRODUCT,
                base.length).withM(16).withEfConstruction(200).withEf(10).build();
        List<Vec> items = new ArrayList<>();
        for (int i = 0; i < base.length; i++) {
            items.add(new Vec(Integer.toString(i), base[i]));
        }
        long t = System.nanoTime();
        h.addAll(items, threads, (a, b) -> { }, 100_000);
        System.out.printf("{\"impl\":\"hnswlib-core stock distance\",\"build_s\":%.2f,\"build_threads\":%d}%n",
                (System.nanoTime() - t) / 1e9, threads);
        for (int ef : efs) {
            h.setEf(ef);
            for (int i = 0; i < 2000; i++) {
                h.findNearest(queries[i % queries.length], 10);
            }
            int hit = 0;
            long s = System.nanoTime();
            for (int q = 0; q < queries.length; q++) {
                Set<Integer> got = new HashSet<>();
                h.findNearest(queries[q], 10).forEach(r -> got.add(Integer.parseInt(r.item().id())));
                for (int g : gt[q]) {
                    if (got.contains(g)) {
                        hit++;
                    }
                }
            }
            double qps = queries.length / ((System.nanoTime() - s) / 1e9);
            System.out.printf("{\"impl\":\"hnswlib-core stock distance\",\"ef\":%d,\"recall10\":%.4f,\"qps\":%d}%n",
                    ef, hit / (10.0 * queries.length), Math.round(qps));
        }
    }

    private static long rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private static float[][] floats(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.remaining() / 4 / D;
        float[][] out = new float[n][D];
        for (float[] row : out) {
            b.asFloatBuffer().get(row);
            b.position(b.position() + 4 * D);
        }
        return out;
    }

    private static int[][] ints(Path p, int k) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.remaining() / 4 / k;
        int[][] out = new int[n][k];
        for (int[] row : out) {
            for (int j = 0; j < k; j++) {
                row[j] = b.getInt();
            }
        }
        return out;
    }
}
