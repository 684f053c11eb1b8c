package io.lakehouse.store.tools;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.ObjectStores;
import io.lakehouse.store.StoreSettings;
import io.lakehouse.store.backup.StoreBackup;
import io.lakehouse.store.lease.StoreLeases;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Operator commands on a store, behind {@code ./lakehouse backup|restore|doctor}: {@code backup --from URI --to URI},
 * {@code restore --from URI --to URI}, {@code leases --store URI} (pings the store, prints each daemon's lease
 * holder). Run from any daemon jar (they all contain storeclient):
 *
 * <pre>{@code java -cp validatord.jar -Dloader.main=io.lakehouse.store.tools.StoreCli \
 *     org.springframework.boot.loader.launch.PropertiesLauncher backup --from file:/var/lib/lakehouse/lake --to /backups/x}</pre>
 *
 * A URI is {@code file:PATH}, a plain path, or {@code s3://bucket/prefix}; S3 settings come from the same environment
 * variables the daemons read: {@code LAKEHOUSE_STORAGE_S3_ENDPOINT}, {@code _REGION}, {@code _PATHSTYLE},
 * {@code _ACCESSKEY}, {@code _SECRETKEY} (unset: AWS's default chain). Exit 0 on success, 1 on failure, 2 on usage.
 */
public final class StoreCli {
    private static final List<String> DAEMONS = List.of("validatord", "queryd", "vectord", "materializer",
            "pathwayd", "observerd", "matrixd");

    private StoreCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        if (args.length == 0 || !List.of("backup", "restore", "leases").contains(args[0])) {
            return usage("first argument must be backup, restore or leases");
        }
        String from = null;
        String to = null;
        int threads = 8;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                return usage("missing value after " + a);
            }
            switch (a) {
                case "--from" -> from = args[++i];
                case "--to", "--store" -> to = args[++i];
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> {
                    return usage("unknown argument " + a);
                }
            }
        }
        StoreSettings.S3 s3 = s3(env);
        if (args[0].equals("leases")) {
            return to == null ? usage("--store is required") : leases(new StoreSettings(uri(to), s3));
        }
        if (from == null || to == null) {
            return usage("--from and --to are required");
        }
        try (ObjectStore source = ObjectStores.open(new StoreSettings(uri(from), s3));
                ObjectStore target = ObjectStores.open(new StoreSettings(uri(to), s3))) {
            StoreBackup copier = new StoreBackup(source, target, threads,
                    line -> System.err.println(args[0] + ": " + line), Clock.systemUTC());
            StoreBackup.Result r = args[0].equals("backup") ? copier.backup() : copier.restore();
            System.out.println("{\"operation\":\"" + args[0] + "\",\"from\":\"" + source.describe() + "\",\"to\":\""
                    + target.describe() + "\",\"objects\":" + r.objects() + ",\"bytes\":" + r.bytes()
                    + ",\"unit_retries\":" + r.unitRetries() + ",\"millis\":" + r.took().toMillis() + "}");
            return 0;
        } catch (Exception e) {
            System.err.println(args[0] + " failed: " + e.getMessage());
            return 1;
        }
    }

    /** One line per lease: {@code <prefix> <state> <holder> until <expiry>}; exit 1 when the store does not answer. */
    private static int leases(StoreSettings settings) {
        try (ObjectStore store = ObjectStores.open(settings)) {
            store.ping();
            System.out.println("store " + store.describe() + " reachable");
            Instant now = Instant.now();
            for (String d : DAEMONS) {
                List<String> prefixes = new java.util.ArrayList<>();
                try (var s = store.listAll(StoreLeases.daemonPrefix(d))) {
                    s.map(i -> i.key().value().replaceAll("[^/]+$", "")).distinct().forEach(prefixes::add);
                }
                for (String prefix : prefixes) {
                    Optional<StoreLeases.LeaseState> st = StoreLeases.inspect(store, prefix);
                    if (st.isEmpty()) {
                        continue;
                    }
                    var r = st.get().record();
                    String state = st.get().released() ? "released" : r.expiredAt(now) ? "expired" : "held";
                    System.out.println("lease " + prefix + " " + state + " by " + r.holder().describe()
                            + " generation " + r.generation() + " until " + r.expiresAt());
                }
            }
            return 0;
        } catch (Exception e) {
            System.out.println("store " + settings.uri() + " NOT reachable: " + e.getMessage());
            return 1;
        }
    }

    /** {@code s3://...} and {@code file:...} as they are; anything else is a local path. */
    static URI uri(String s) {
        if (s.startsWith("s3://") || s.startsWith("file:")) {
            return URI.create(s);
        }
        return Path.of(s).toAbsolutePath().normalize().toUri();
    }

    private static StoreSettings.S3 s3(Map<String, String> env) {
        String endpoint = env.get("LAKEHOUSE_STORAGE_S3_ENDPOINT");
        return new StoreSettings.S3(endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint),
                env.getOrDefault("LAKEHOUSE_STORAGE_S3_REGION", "us-east-1"),
                Boolean.parseBoolean(env.getOrDefault("LAKEHOUSE_STORAGE_S3_PATHSTYLE", "false")),
                env.get("LAKEHOUSE_STORAGE_S3_ACCESSKEY"), env.get("LAKEHOUSE_STORAGE_S3_SECRETKEY"),
                Duration.ofSeconds(30));
    }

    private static int usage(String problem) {
        System.err.println("store backup: " + problem);
        System.err.println("usage: (backup|restore) --from URI --to URI [--threads N] | leases --store URI");
        return 2;
    }
}
