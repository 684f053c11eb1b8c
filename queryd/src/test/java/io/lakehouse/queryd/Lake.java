package io.lakehouse.queryd;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test helpers: writes curated Parquet with a separate in-process DuckDB, and talks HTTP to queryd. */
public final class Lake {
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Lake() {
    }

    /** Writes {@code select}'s rows to {@code curated/<dataset>/dt=<dt>/<file>.parquet} under {@code lake}. */
    public static Path writeParquet(Path lake, String dataset, String dt, String file, String select)
            throws SQLException, IOException {
        Path dir = lake.resolve("curated").resolve(dataset).resolve("dt=" + dt);
        Files.createDirectories(dir);
        Path target = dir.resolve(file + ".parquet");
        Path tmp = dir.resolve("." + file + ".tmp");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO '" + tmp + "' (FORMAT parquet)");
        }
        Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Every regular file under {@code dir} with the SHA-256 of its bytes. */
    public static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    out.put(dir.relativize(p).toString(), sha256(Files.readAllBytes(p)));
                } else if (Files.isSymbolicLink(p)) {
                    out.put(dir.relativize(p).toString(), "symlink");
                } else if (Files.isDirectory(p)) {
                    out.put(dir.relativize(p) + "/", "dir");
                }
            }
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response with its body as text and, for JSON bodies, parsed. */
    public record Answer(int status, String contentType, String body, java.net.http.HttpHeaders headers) {
        public Answer(HttpResponse<String> r) {
            this(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    public static Answer post(int port, String path, String contentType, String accept, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return new Answer(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    public static HttpResponse<byte[]> postBytes(int port, String accept, String json)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sql"))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public static HttpResponse<InputStream> postStream(int port, String accept, String json)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sql"))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** POST /sql with a JSON body holding {@code sql}. */
    public static Answer sql(int port, String sql) throws IOException, InterruptedException {
        return sql(port, sql, "application/json");
    }

    public static Answer sql(int port, String sql, String accept) throws IOException, InterruptedException {
        return post(port, "/sql", "application/json", accept, JSON.writeValueAsString(Map.of("sql", sql)));
    }

    public static Answer get(int port, String path) throws IOException, InterruptedException {
        return new Answer(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }
}
