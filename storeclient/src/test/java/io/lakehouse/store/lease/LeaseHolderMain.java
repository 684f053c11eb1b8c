package io.lakehouse.store.lease;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.ObjectStores;
import io.lakehouse.store.StoreSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * A lease holder in its own JVM for the kill -9 tests: {@code <store-uri> <s3-endpoint or -> <prefix> <ttl-ms>};
 * prints {@code HELD <generation> <pid>} once it holds the lease, then renews until killed.
 */
public final class LeaseHolderMain {
    private LeaseHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        StoreSettings.S3 s3 = args[1].equals("-") ? StoreSettings.S3.DEFAULTS
                : new StoreSettings.S3(URI.create(args[1]), "us-east-1", true, args[4], args[5], Duration.ofSeconds(30));
        ObjectStore store = ObjectStores.open(new StoreSettings(uri, s3));
        StoreLeases leases = new StoreLeases(store, StoreLeases.Settings.of(Duration.ofMillis(Long.parseLong(args[3]))),
                Clock.systemUTC(), LeaseHolder.current("child"));
        StoreLease lease = leases.acquire(args[2], LeaseLostListener.LOG_ONLY);
        System.out.println("HELD " + lease.record().generation() + " " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5));
    }
}
