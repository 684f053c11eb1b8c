package io.lakehouse.shared.auth;

import io.lakehouse.shared.config.AuthTokenException;
import io.lakehouse.shared.config.LakehouseProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The configured bearer token, or none: compares presented tokens in constant time and never prints itself.
 * The raw value is kept only to authenticate this daemon's own calls to its peers.
 */
public final class AuthToken {
    private static final AuthToken NONE = new AuthToken(null);

    private final String raw;
    private final byte[] digest;

    private AuthToken(String raw) {
        this.raw = raw;
        this.digest = raw == null ? null : sha256(raw);
    }

    /** Reads the token from {@code lakehouse.auth.token} (e.g. {@code LAKEHOUSE_AUTH_TOKEN}) or the token file. */
    public static AuthToken from(LakehouseProperties.Auth auth) {
        String token = auth.token();
        if ((token == null || token.isBlank()) && auth.tokenFile() != null) {
            try {
                token = Files.readString(auth.tokenFile(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new AuthTokenException("cannot read auth token file " + auth.tokenFile() + " ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (token.isEmpty()) {
                throw new AuthTokenException("auth token file " + auth.tokenFile() + " is empty");
            }
        }
        return token == null || token.isBlank() ? NONE : new AuthToken(token.strip());
    }

    /** Whether a token is configured, i.e. whether requests must authenticate. */
    public boolean enabled() {
        return raw != null;
    }

    /** Whether {@code presented} is the token; hashing first makes the comparison independent of length too. */
    public boolean matches(String presented) {
        return raw != null && presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    /** The {@code Authorization} header value for calls to peers, or null when no token is configured. */
    public String authorizationHeader() {
        return raw == null ? null : "Bearer " + raw;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return raw == null ? "AuthToken[none]" : "AuthToken[****]";
    }
}
