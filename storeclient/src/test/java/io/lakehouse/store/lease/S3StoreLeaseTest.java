package io.lakehouse.store.lease;

import io.lakehouse.store.S3TestServer;
import io.lakehouse.store.S3TestServerExtension;
import io.lakehouse.store.StoreSettings;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lease contract on S3 (s3proxy in this JVM; the kill -9 children reach it over HTTP). */
class S3StoreLeaseTest extends StoreLeaseContract {
    @RegisterExtension
    static final S3TestServerExtension S3 = new S3TestServerExtension();

    @Override
    protected StoreSettings newStoreSettings() {
        return S3.server().newBucket("lake");
    }

    @Override
    protected List<String> childArgs() {
        return List.of(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
    }
}
