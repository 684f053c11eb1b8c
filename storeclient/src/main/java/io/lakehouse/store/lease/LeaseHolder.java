package io.lakehouse.store.lease;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who holds a lease: a label (the daemon), host, pid and process start time, plus the Linux boot id and pid
 * namespace that make "this pid on this host is gone" decidable without waiting for the lease to expire.
 *
 * @param label        what holds it, e.g. {@code vectord}
 * @param host         host name
 * @param pid          process id
 * @param processStart when the process started (null when the platform does not say)
 * @param bootId       {@code /proc/sys/kernel/random/boot_id} (null off Linux)
 * @param pidNamespace {@code /proc/self/ns/pid} link text, e.g. {@code pid:[4026531836]} (null off Linux)
 */
public record LeaseHolder(String label, String host, long pid, Instant processStart, String bootId,
                          String pidNamespace) {

    public LeaseHolder {
        Objects.requireNonNull(label, "label is null");
        Objects.requireNonNull(host, "host is null");
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive, got " + pid);
        }
    }

    /** This process. */
    public static LeaseHolder current(String label) {
        ProcessHandle self = ProcessHandle.current();
        return new LeaseHolder(label, hostName(), self.pid(), self.info().startInstant().orElse(null),
                readTrimmed(Path.of("/proc/sys/kernel/random/boot_id")), readLink(Path.of("/proc/self/ns/pid")));
    }

    /** The same process with another host name: how tests stand in for a second machine. */
    public LeaseHolder onHost(String otherHost) {
        return new LeaseHolder(label, otherHost, pid, processStart, bootId, pidNamespace);
    }

    /**
     * True only when the holder is provably gone: same host, same boot, same pid namespace as {@code observer}, and
     * its pid is not running or now belongs to a process started at another time. Anything unknown is "maybe alive".
     */
    public boolean provablyGone(LeaseHolder observer) {
        if (!host.equals(observer.host) || bootId == null || !bootId.equals(observer.bootId)
                || pidNamespace == null || !pidNamespace.equals(observer.pidNamespace)) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        // A recycled pid: the running process started at another time than the holder did (1 s for rounding).
        return processStart != null && started.isPresent()
                && Duration.between(processStart, started.get()).abs().compareTo(Duration.ofSeconds(1)) > 0;
    }

    /** {@code vectord on host h pid 42 (started 2026-...)}: how refusals name a holder. */
    public String describe() {
        return label + " on host " + host + " pid " + pid + (processStart == null ? "" : " (process started "
                + processStart.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return env != null && !env.isBlank() ? env : "unknown-host";
        }
    }

    private static String readTrimmed(Path path) {
        try {
            String s = Files.readString(path, StandardCharsets.US_ASCII).trim();
            return s.isEmpty() ? null : s;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String readLink(Path path) {
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
