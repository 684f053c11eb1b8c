package io.lakehouse.store.backup;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.ObjectStores;
import io.lakehouse.store.StoreSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code backup --from URI --to URI} and {@code restore --from URI --to URI}: the entry point behind
 * {@code ./lakehouse backup|restore}, run from any daemon jar (they all contain storeclient):
 *
 * <pre>{@code java -cp validatord.jar -Dloader.main=io.lakehouse.store.backup.StoreBackupCli \
 *     org.springframework.boot.loader.launch.PropertiesLauncher backup --from file:/var/lib/lakehouse/lake --to /backups/x}</pre>
 *
 * A URI is {@code file:PATH}, a plain path, or {@code s3://bucket/prefix}; S3 settings come from the same environment
 * variables the daemons read: {@code LAKEHOUSE_STORAGE_S3_ENDPOINT}, {@code _REGION}, {@code _PATHSTYLE},
 * {@code _ACCESSKEY}, {@code _SECRETKEY} (unset: AWS's default chain). Exit 0 on success, 1 on failure, 2 on usage.
 */
public final class StoreBackupCli {
    private StoreBackupCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        if (args.length == 0 || !(args[0].equals("backup") || args[0].equals("restore"))) {
            return usage("first argument must be backup or restore");
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
                case "--to" -> to = args[++i];
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> {
                    return usage("unknown argument " + a);
                }
            }
        }
        if (from == null || to == null) {
            return usage("--from and --to are required");
        }
        StoreSettings.S3 s3 = s3(env);
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
        System.err.println("usage: (backup|restore) --from URI --to URI [--threads N]");
        return 2;
    }
}
