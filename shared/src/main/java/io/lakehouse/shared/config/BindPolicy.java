package io.lakehouse.shared.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Refuses a non-loopback listen address when no auth token is configured: fail loud, never silently open. */
public final class BindPolicy {

    private BindPolicy() {
    }

    /** Throws {@link InsecureBindException} when {@code address} is not loopback and {@code tokenConfigured} is false. */
    public static void check(String address, boolean tokenConfigured) {
        if (tokenConfigured || isLoopback(address)) {
            return;
        }
        throw new InsecureBindException(address == null || address.isBlank() ? "all interfaces" : address);
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            // Unset means every interface to Tomcat.
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The start was refused by the bind policy. */
    public static final class InsecureBindException extends RuntimeException {
        private final String address;

        InsecureBindException(String address) {
            super("refusing to listen on " + address + " without authentication: set an auth token "
                    + "(lakehouse.auth.token-file or LAKEHOUSE_AUTH_TOKEN) or bind to 127.0.0.1 (server.address)");
            this.address = address;
        }

        public String address() {
            return address;
        }
    }
}
