package io.lakehouse.observerd.replay;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The allow-list of replay targets ({@code lakehouse.observerd.replay.allowed-targets}): patterns
 * {@code scheme://host:port} with {@code *} for any port. A target is a bare origin (no path, query, fragment or
 * user info) whose scheme, host and port match a pattern; hosts are compared by name, so {@code localhost} and
 * {@code 127.0.0.1} are separate entries.
 */
public final class TargetPolicy {
    private record Pattern(String scheme, String host, int port) {
    }

    private final List<Pattern> patterns;

    public TargetPolicy(List<String> allowed) {
        this.patterns = allowed.stream().map(TargetPolicy::pattern).toList();
    }

    private static Pattern pattern(String s) {
        String trimmed = s.trim();
        boolean anyPort = trimmed.endsWith(":*");
        URI u = URI.create(anyPort ? trimmed.substring(0, trimmed.length() - 2) : trimmed);
        if (u.getScheme() == null || u.getHost() == null) {
            throw new IllegalArgumentException("allowed target \"" + s + "\" must look like http://host:port "
                    + "(port * for any)");
        }
        return new Pattern(u.getScheme().toLowerCase(Locale.ROOT), u.getHost().toLowerCase(Locale.ROOT),
                anyPort ? -1 : port(u));
    }

    /** The target as a URI when it is a well-formed origin; {@link IllegalArgumentException} otherwise. */
    public static URI parse(String target) {
        URI u;
        try {
            u = URI.create(target.endsWith("/") ? target.substring(0, target.length() - 1) : target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("target is not a URL: " + target);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new IllegalArgumentException("target must be http://host:port or https://host:port, got " + target);
        }
        if (u.getRawUserInfo() != null || (u.getRawPath() != null && !u.getRawPath().isEmpty())
                || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("target must be an origin (scheme, host, port) without path, query or "
                    + "user info, got " + target);
        }
        return u;
    }

    public boolean allows(URI target) {
        String scheme = target.getScheme().toLowerCase(Locale.ROOT);
        String host = target.getHost().toLowerCase(Locale.ROOT);
        int port = port(target);
        for (Pattern p : patterns) {
            if (p.scheme.equals(scheme) && p.host.equals(host) && (p.port < 0 || p.port == port)) {
                return true;
            }
        }
        return false;
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
