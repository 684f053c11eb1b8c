package io.lakehouse.matrixd;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A JDK {@link HttpServer} standing in for a peer daemon (vectord, pathwayd, queryd) in tests: each path answers
 * with a canned status and body after an optional delay, and every request body is kept for assertions on the wire.
 * It speaks just enough of the peer's API for matrixd's calls; it is not the peer.
 */
public final class StubPeer implements AutoCloseable {
    /** A canned answer. */
    public record Answer(int status, String body, long delayMillis) {
    }

    /** A request as it arrived. */
    public record Received(String path, String body, Map<String, List<String>> headers) {
    }

    private final HttpServer server;
    private final Map<String, Answer> routes = new ConcurrentHashMap<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();

    public StubPeer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Virtual threads: a slow answer must not hold up the others.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public StubPeer route(String path, int status, String body, long delayMillis) {
        routes.put(path, new Answer(status, body, delayMillis));
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A port nothing listens on: connecting to it is refused. */
    public static int refusedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(ex.getRequestURI().getPath(), body, Map.copyOf(ex.getRequestHeaders())));
            Answer a = routes.get(ex.getRequestURI().getPath());
            if (a == null) {
                a = new Answer(404, "{\"code\":\"not_found\",\"detail\":\"no route in stub\"}", 0);
            }
            if (a.delayMillis() > 0) {
                try {
                    Thread.sleep(a.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", a.status() >= 400 ? "application/problem+json"
                    : "application/json");
            try {
                ex.sendResponseHeaders(a.status(), out.length);
                ex.getResponseBody().write(out);
            } catch (IOException clientGone) {
                // matrixd gave up on this call (timeout): nothing to answer.
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
