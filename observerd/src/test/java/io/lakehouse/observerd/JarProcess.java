package io.lakehouse.observerd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A daemon's packaged jar as a child process on a free port, with a lake of its own; tests start and kill it. */
public final class JarProcess implements AutoCloseable {
    private final String jar;
    private final Path lake;
    private final List<String> args;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int port;

    public JarProcess(String jar, Path lake, List<String> args) {
        this.jar = jar;
        this.lake = lake;
        this.args = args;
    }

    /** The jar of a sibling module, from a system property or the reactor layout. */
    public static String jarOf(String daemon) {
        String jar = System.getProperty(daemon + ".jar", "../" + daemon + "/target/" + daemon + ".jar");
        assertThat(new File(jar)).as("%s (build it: mvn -pl %s -am package -DskipTests)", jar, daemon).exists();
        return jar;
    }

    /** Starts without waiting for readiness. */
    public JarProcess start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-jar", jar, "--server.port=" + port, "--lakehouse.storage.uri=" + lake.toUri()));
        cmd.addAll(args);
        File log = lake.resolveSibling(new File(jar).getName().replace(".jar", "") + "-" + port + ".log").toFile();
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        return this;
    }

    /** Polls readiness until the deadline. */
    public JarProcess awaitReady(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            assertThat(process.isAlive()).as("%s exited during start", jar).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError(jar + " did not become ready within " + within);
    }

    public URI uri(String path) {
        return URI.create(base() + path);
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM and the exit status. */
    public int stop() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill9();
        }
    }
}
