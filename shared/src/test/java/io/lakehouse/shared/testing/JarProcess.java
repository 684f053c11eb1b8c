package io.lakehouse.shared.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A daemon's packaged jar as a child process over a lake of its own, on a loopback port chosen once (so a stopped or
 * killed process can be started again where its clients expect it). Crash, outage and real-peer tests use it.
 *
 * <pre>{@code
 * try (JarProcess p = JarProcess.of("vectord", lake).start().awaitReady(Duration.ofSeconds(90))) {
 *     ... p.uri("/v1/indexes") ...; p.kill9(); p.start().awaitReady(...);
 * }
 * }</pre>
 */
public final class JarProcess implements AutoCloseable {
    private final String daemon;
    private final String jar;
    private final Path lake;
    private final List<String> args;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private JarProcess(String daemon, String jar, Path lake, List<String> args) {
        this.daemon = daemon;
        this.jar = jar;
        this.lake = lake;
        this.args = List.copyOf(args);
        this.port = freePort();
        this.log = lake.resolveSibling(daemon + "-" + port + ".log");
    }

    /**
     * The daemon's jar from the system property {@code <daemon>.jar}, else {@code ../<daemon>/target/<daemon>.jar}
     * (the reactor layout: the module must be packaged earlier in the build), with {@code args} after the port and lake.
     */
    public static JarProcess of(String daemon, Path lake, String... args) {
        return of(daemon, lake, List.of(args));
    }

    /** As {@link #of(String, Path, String...)}. */
    public static JarProcess of(String daemon, Path lake, List<String> args) {
        String jar = System.getProperty(daemon + ".jar", "../" + daemon + "/target/" + daemon + ".jar");
        if (!new File(jar).isFile()) {
            throw new IllegalStateException(jar + " is missing: package it first (mvn -pl " + daemon
                    + " -am package -DskipTests)");
        }
        return new JarProcess(daemon, jar, lake, args);
    }

    /** Starts (again) without waiting for readiness; the log is appended to across restarts. */
    public JarProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(daemon + " is already running");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        // C1 only, Serial GC and CDS: these children spend most of their short lives starting up.
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector", "-jar", jar,
                "--server.port=" + port, "--lakehouse.storage.uri=" + lake.toUri(), "--spring.main.banner-mode=off"));
        cmd.addAll(args);
        try {
            Files.createDirectories(lake.getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // The developer's own settings must not leak into a test's daemon.
            pb.environment().remove("LAKEHOUSE_AUTH_TOKEN");
            pb.environment().remove("LAKEHOUSE_CONFIG");
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Polls readiness until 200; fails with the log's tail when the process exits or the deadline passes. */
    public JarProcess awaitReady(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(daemon + " exited with " + process.exitValue() + ": " + tail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(daemon + " not ready within " + within + ": " + tail());
    }

    public int port() {
        return port;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public URI uri(String path) {
        return URI.create(base() + path);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill9() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    /** SIGTERM (SIGKILL after 30 s) and the exit status. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    /** The last lines of the process's log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            kill9();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
