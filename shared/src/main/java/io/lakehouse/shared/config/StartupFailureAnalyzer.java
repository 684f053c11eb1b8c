package io.lakehouse.shared.config;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/** Turns the daemon's own start refusals into one readable line instead of a stack trace. */
public final class StartupFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindPolicy.InsecureBindException e) {
                return new FailureAnalysis("lakehouse: " + e.getMessage(),
                        "Set LAKEHOUSE_AUTH_TOKEN (or lakehouse.auth.token-file), or use server.address=127.0.0.1.", e);
            }
            if (t instanceof LakehouseConfigFile.ConfigFileException e) {
                return new FailureAnalysis("lakehouse: " + e.getMessage(),
                        "Fix the path given by --lakehouse.config or LAKEHOUSE_CONFIG, or unset it.", e);
            }
            if (t instanceof io.lakehouse.store.lease.LeaseHeldException e) {
                return new FailureAnalysis("lakehouse: refusing to start: " + e.getMessage(),
                        "Run one instance per store (./lakehouse doctor lists lease holders), or give this one its "
                                + "own lakehouse.storage.uri.", e);
            }
            if (t instanceof AuthTokenException e) {
                return new FailureAnalysis("lakehouse: " + e.getMessage(),
                        "Make lakehouse.auth.token-file point to a readable, non-empty file.", e);
            }
        }
        return null;
    }
}
