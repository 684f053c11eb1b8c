package io.lakehouse.pathwayd.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** vectord's packaged jar as a child process on a fixed port over its own lake, for outage tests. */
final class VectordProcess {
    final int port;
    private final Path lake;
    private Process process;

    VectordProcess(Path lake) throws Exception {
        this.lake = lake;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void start() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = System.getProperty("vectord.jar", "../vectord/target/vectord.jar");
        assertThat(new File(jar)).as("vectord's packaged jar (build vectord first)").exists();
        process = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", jar, "--server.port=" + port, "--lakehouse.storage.uri=" + lake.toUri())
                .redirectErrorStream(true).redirectOutput(lake.resolveSibling("vectord-" + port + ".log").toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            assertThat(process.isAlive()).as("vectord exited during start").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("vectord did not become ready");
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
