package io.lakehouse.matrixd;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * A peer daemon started from its packaged jar ({@code ../<daemon>/target/<daemon>.jar}, built earlier in the same
 * reactor: matrixd is the last module) as a child process on a free port over its own lake. The real thing, not a
 * stub: the tests that use it check matrixd against vectord's and queryd's actual behaviour.
 */
public final class DaemonProcess implements AutoCloseable {
    private final String daemon;
    private final Process process;
    private final Path log;
    public final int port;

    private DaemonProcess(String daemon, Process process, Path log, int port) {
        this.daemon = daemon;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the daemon; call {@link #awaitReady} before use (several can start in parallel). */
    public static DaemonProcess start(String daemon, Path lake, Path logDir) {
        String jar = System.getProperty(daemon + ".jar", "../" + daemon + "/target/" + daemon + ".jar");
        if (!new File(jar).isFile()) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -pl " + daemon
                    + " -am install -DskipTests); matrixd's tests start the real " + daemon);
        }
        int port = StubPeer.refusedPort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "--enable-native-access=ALL-UNNAMED"));
        if (daemon.equals("vectord")) {
            cmd.add("--add-modules=jdk.incubator.vector");
        }
        cmd.addAll(List.of("-jar", jar, "--server.port=" + port, "--lakehouse.storage.uri=" + lake.toUri(),
                "--spring.main.banner-mode=off"));
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(daemon + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().remove("LAKEHOUSE_AUTH_TOKEN");
            pb.environment().remove("LAKEHOUSE_CONFIG");
            Process p = pb.start();
            DaemonProcess d = new DaemonProcess(daemon, p, log, port);
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Polls readiness until 200; fails with the log's tail when the process dies or the deadline passes. */
    public DaemonProcess awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(daemon + " exited with " + process.exitValue() + ": " + tail());
            }
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(daemon + " not ready within " + timeout + ": " + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
