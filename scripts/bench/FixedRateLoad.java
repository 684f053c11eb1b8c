import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop HTTP/1.1 load at a fixed rate, with latencies measured from each request's scheduled send time (as wrk2
 * does), so a stalled server is charged for the requests it delayed, not only for the ones it answered slowly.
 *
 * <pre>
 *   java scripts/bench/FixedRateLoad.java URL RATE SECONDS [CONNECTIONS] [BODY_FILE] [CONTENT_TYPE]
 *   java scripts/bench/FixedRateLoad.java http://127.0.0.1:3221/v1/validate 7500 30 16 candidate.json
 * </pre>
 *
 * <p>Each of CONNECTIONS keep-alive connections sends every CONNECTIONS-th request of the schedule (RATE per second
 * in total), a POST of BODY_FILE (a GET without one) and reads the whole answer before its next turn. The program
 * is a plain single-file Java program (no dependencies) so it runs on any machine with the JDK: raw sockets and a
 * minimal response reader keep its own CPU use small, since it shares the cores with the server it measures.
 * Prints the achieved rate, non-2xx answers, errors and the latency percentiles in milliseconds.
 */
public final class FixedRateLoad {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: FixedRateLoad URL RATE SECONDS [CONNECTIONS] [BODY_FILE] [CONTENT_TYPE]");
            System.exit(2);
        }
        URI url = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        double seconds = Double.parseDouble(args[2]);
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        byte[] body = args.length > 4 ? Files.readAllBytes(Path.of(args[4])) : null;
        String contentType = args.length > 5 ? args[5] : "application/json";
        if (body != null) {
            int end = body.length;
            while (end > 0 && Character.isWhitespace(body[end - 1])) {
                end--;
            }
            body = Arrays.copyOf(body, end);
        }
        byte[] request = request(url, body, contentType);

        long total = (long) (rate * seconds);
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime() + 200_000_000L;
        List<Worker> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(new Worker(url, request, start, intervalNanos, c, connections, total));
        }
        List<Thread> threads = new ArrayList<>();
        for (Worker w : workers) {
            threads.add(Thread.ofPlatform().daemon().start(w));
        }
        for (Thread t : threads) {
            t.join();
        }
        long end = workers.stream().mapToLong(w -> w.lastDone).max().orElse(start);

        int n = 0;
        long non2xx = 0;
        long errors = 0;
        for (Worker w : workers) {
            n += w.count;
            non2xx += w.non2xx;
            errors += w.errors;
        }
        long[] all = new long[n];
        int at = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, at, w.count);
            at += w.count;
        }
        Arrays.sort(all);
        double elapsed = (end - start) / 1e9;
        System.out.printf(Locale.ROOT, "target %.0f req/s for %.0f s over %d connections: %d answers in %.1f s = %.0f req/s,"
                + " non-2xx %d, errors %d%n", rate, seconds, connections, n, elapsed, n / elapsed, non2xx, errors);
        System.out.printf(Locale.ROOT, "latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), pct(all, 0.999), pct(all, 1.0));
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static byte[] request(URI url, byte[] body, String contentType) {
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        StringBuilder head = new StringBuilder();
        head.append(body == null ? "GET " : "POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
        if (body == null) {
            return h;
        }
        byte[] all = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** One keep-alive connection sending its share of the schedule. */
    private static final class Worker implements Runnable {
        private final URI url;
        private final byte[] request;
        private final long start;
        private final long interval;
        private final int offset;
        private final int stride;
        private final long total;
        final long[] latencies;
        int count;
        long non2xx;
        long errors;
        long lastDone;
        private boolean closeAfter;
        private final byte[] buf = new byte[64 * 1024];
        private int bufStart;
        private int bufEnd;

        Worker(URI url, byte[] request, long start, long interval, int offset, int stride, long total) {
            this.url = url;
            this.request = request;
            this.start = start;
            this.interval = interval;
            this.offset = offset;
            this.stride = stride;
            this.total = total;
            this.latencies = new long[(int) (total / stride + 2)];
        }

        @Override
        public void run() {
            Socket socket = null;
            for (long i = offset; i < total; i += stride) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                }
                try {
                    if (socket == null) {
                        socket = new Socket();
                        socket.setTcpNoDelay(true);
                        socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5000);
                        socket.setSoTimeout(30_000);
                        bufStart = 0;
                        bufEnd = 0;
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    int status = readResponse(socket.getInputStream());
                    long done = System.nanoTime();
                    if (closeAfter) {
                        // The server ends keep-alive after so many requests (Tomcat: max-keep-alive-requests).
                        socket.close();
                        socket = null;
                    }
                    latencies[count++] = done - due;
                    lastDone = done;
                    if (status < 200 || status > 299) {
                        non2xx++;
                    }
                } catch (IOException e) {
                    errors++;
                    try {
                        if (socket != null) {
                            socket.close();
                        }
                    } catch (IOException ignored) {
                        // already broken
                    }
                    socket = null;
                }
            }
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // done anyway
            }
        }

        /** Reads one response (Content-Length or chunked) and returns its status. */
        private int readResponse(InputStream in) throws IOException {
            String statusLine = readLine(in);
            if (statusLine.length() < 12) {
                throw new IOException("bad status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            closeAfter = false;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    closeAfter = true;
                }
            }
            if (chunked) {
                while (true) {
                    String size = readLine(in);
                    int semi = size.indexOf(';');
                    long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        while (!readLine(in).isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    skip(in, n);
                    readLine(in);
                }
            } else if (length > 0) {
                skip(in, length);
            }
            return status;
        }

        private void fill(InputStream in) throws IOException {
            if (bufStart == bufEnd) {
                bufStart = 0;
                bufEnd = 0;
            }
            if (bufEnd == buf.length) {
                System.arraycopy(buf, bufStart, buf, 0, bufEnd - bufStart);
                bufEnd -= bufStart;
                bufStart = 0;
            }
            int n = in.read(buf, bufEnd, buf.length - bufEnd);
            if (n < 0) {
                throw new IOException("connection closed by the server");
            }
            bufEnd += n;
        }

        private String readLine(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder(64);
            while (true) {
                if (bufStart == bufEnd) {
                    fill(in);
                }
                byte c = buf[bufStart++];
                if (c == '\n') {
                    int len = b.length();
                    if (len > 0 && b.charAt(len - 1) == '\r') {
                        b.setLength(len - 1);
                    }
                    return b.toString();
                }
                b.append((char) (c & 0xFF));
            }
        }

        private void skip(InputStream in, long n) throws IOException {
            while (n > 0) {
                if (bufStart == bufEnd) {
                    fill(in);
                }
                int take = (int) Math.min(n, bufEnd - bufStart);
                bufStart += take;
                n -= take;
            }
        }
    }
}
