package io.lakehouse.store;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the store is and how to reach it: {@code file:PATH} or {@code s3://bucket/prefix} plus S3 connection settings.
 *
 * @param uri the store root
 * @param s3 connection settings, used only for {@code s3://} URIs
 */
public record StoreSettings(URI uri, S3 s3) {
    public StoreSettings {
        Objects.requireNonNull(uri, "uri is null");
        s3 = s3 == null ? S3.DEFAULTS : s3;
    }

    /** S3 connection settings; null members mean the SDK's defaults (environment, profile, instance role). */
    public record S3(URI endpoint, String region, boolean pathStyle, String accessKey, String secretKey,
                     Duration timeout) {
        public static final S3 DEFAULTS = new S3(null, "us-east-1", false, null, null, Duration.ofSeconds(30));

        public S3 {
            region = region == null || region.isBlank() ? "us-east-1" : region;
            timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        }

        @Override
        public String toString() {
            // The secret key never reaches logs.
            return "S3[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle
                    + ", accessKey=" + (accessKey == null ? "default chain" : "set") + "]";
        }
    }
}
