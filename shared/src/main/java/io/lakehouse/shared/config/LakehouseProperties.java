package io.lakehouse.shared.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code lakehouse.*} keys every daemon reads; each has a default that runs on one laptop with no file at all.
 * Every key is documented in {@code lakehouse.example.yml}.
 */
@Validated
@ConfigurationProperties("lakehouse")
public record LakehouseProperties(
        @Valid @DefaultValue Storage storage,
        @Valid @DefaultValue Auth auth,
        Map<String, URI> peers,
        @Valid @DefaultValue Http http) {

    /** Where each daemon listens by default; {@code lakehouse.peers.*} overrides single entries. */
    public static final Map<String, URI> DEFAULT_PEERS = defaultPeers();

    public LakehouseProperties {
        Map<String, URI> merged = new LinkedHashMap<>(DEFAULT_PEERS);
        if (peers != null) {
            merged.putAll(peers);
        }
        peers = Map.copyOf(merged);
    }

    private static Map<String, URI> defaultPeers() {
        Map<String, URI> m = new LinkedHashMap<>();
        String[] names = {"validatord", "queryd", "vectord", "materializer", "pathwayd", "observerd", "matrixd"};
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], URI.create("http://127.0.0.1:" + (3221 + i)));
        }
        return Map.copyOf(m);
    }

    /** The object store: {@code file:PATH} (default {@code file:./data/lake}) or {@code s3://bucket/prefix}. */
    public record Storage(@NotNull @DefaultValue("file:./data/lake") URI uri, @Valid @DefaultValue S3 s3) {
    }

    /** S3 connection settings; unset credentials fall back to the AWS default chain. */
    public record S3(URI endpoint, @DefaultValue("us-east-1") String region, @DefaultValue("false") boolean pathStyle,
                     String accessKey, String secretKey, @DefaultValue("30s") Duration timeout) {
        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + "]";
        }
    }

    /** Bearer-token authentication; no token means no auth, which is only allowed on loopback. */
    public record Auth(Path tokenFile, String token) {
        @Override
        public String toString() {
            // Never print the token.
            return "Auth[tokenFile=" + tokenFile + ", token=" + (token == null ? "unset" : "set") + "]";
        }
    }

    /** HTTP limits and peer-call timeouts. */
    public record Http(@NotNull @DefaultValue("16MB") DataSize maxBodySize,
                       @NotNull @DefaultValue("2s") Duration peerConnectTimeout,
                       @NotNull @DefaultValue("30s") Duration peerReadTimeout,
                       @DefaultValue("false") boolean accessLog) {
    }
}
