import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * matrixd benchmark (JDK only; run by run.sh against started jars):
 *   load    MATRIXD VECTORD CANDIDATES JOBS   staffing-like candidates and job orders into vectord (hash embedder)
 *   search  MATRIXD WARMUP_S REQUESTS         /v1/search with three healthy sources; added latency over the slowest
 *   match   MATRIXD ROUNDS                    /v1/match of every job order x candidates, k 5, join state + years
 */
public class MatrixdBench {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String[] STATES = {"TX", "CA", "NY", "FL", "IL", "WA", "GA", "OH"};
    static final String[] SKILLS = {"java", "spring", "python", "sql", "forklift", "warehouse", "nursing", "icu",
        "welding", "cnc", "accounting", "excel", "sales", "crm", "react", "kubernetes", "driving", "cdl", "payroll",
        "customer service", "phlebotomy", "electrician", "plumbing", "hvac", "retail"};
    static final String[] TITLES = {"software engineer", "registered nurse", "warehouse associate", "welder",
        "accountant", "sales representative", "truck driver", "electrician", "data analyst", "cashier"};

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> load(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "search" -> search(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "match" -> match(args[1], Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static HttpResponse<String> send(String method, String url, String body, String accept) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").header("Accept", accept)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String ok(HttpResponse<String> r) {
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String text(Random rnd, String title) {
        StringBuilder sb = new StringBuilder(title);
        for (int i = 0; i < 4; i++) {
            sb.append(' ').append(SKILLS[rnd.nextInt(SKILLS.length)]);
        }
        return sb.toString();
    }

    static void load(String matrixd, String vectord, int candidates, int jobs) throws Exception {
        for (String idx : new String[] {"bench_candidates", "bench_jobs"}) {
            send("DELETE", vectord + "/v1/indexes/" + idx, "", "application/json");
            ok(send("PUT", vectord + "/v1/indexes/" + idx, "{\"dim\":128,\"embedder\":{\"type\":\"hash\"}}",
                    "application/json"));
        }
        Random rnd = new Random(7);
        long t0 = System.nanoTime();
        upsert(vectord, "bench_candidates", candidates, i -> {
            String title = TITLES[rnd.nextInt(TITLES.length)];
            return "{\"id\":\"c" + i + "\",\"text\":\"" + text(rnd, title) + "\",\"metadata\":{\"state\":\""
                    + STATES[rnd.nextInt(STATES.length)] + "\",\"years_experience\":" + rnd.nextInt(21)
                    + ",\"available\":" + (rnd.nextInt(5) != 0) + "}}";
        });
        upsert(vectord, "bench_jobs", jobs, i -> {
            String title = TITLES[rnd.nextInt(TITLES.length)];
            return "{\"id\":\"j" + i + "\",\"text\":\"" + text(rnd, title) + "\",\"metadata\":{\"state\":\""
                    + STATES[rnd.nextInt(STATES.length)] + "\",\"min_years\":" + rnd.nextInt(8)
                    + ",\"status\":\"open\"}}";
        });
        System.out.printf("loaded %d candidates and %d job orders in %.1f s%n", candidates, jobs,
                (System.nanoTime() - t0) / 1e9);
    }

    interface Gen {
        String item(int i);
    }

    static void upsert(String vectord, String index, int n, Gen gen) throws Exception {
        for (int from = 0; from < n; from += 1000) {
            StringBuilder sb = new StringBuilder("{\"items\":[");
            for (int i = from; i < Math.min(n, from + 1000); i++) {
                sb.append(i == from ? "" : ",").append(gen.item(i));
            }
            ok(send("POST", vectord + "/v1/indexes/" + index + "/items", sb.append("]}").toString(), "application/json"));
        }
    }

    static final Pattern TOOK = Pattern.compile("\"name\":\"[^\"]+\",\"type\":\"[^\"]+\",\"status\":\"ok\",\"took_ms\":([0-9.]+)");

    static void search(String matrixd, int warmupSeconds, int requests) throws Exception {
        Random rnd = new Random(11);
        String sql = "select 'c' || i as id, 'candidate ' || i || ' java' as text from range(2000) t(i) "
                + "where text ilike '%' || ? || '%' order by i limit 50";
        java.util.function.Supplier<String> body = () -> {
            String q = SKILLS[rnd.nextInt(4)];
            return "{\"query\":\"" + q + "\",\"k\":10,\"sources\":["
                    + "{\"type\":\"vector\",\"index\":\"bench_candidates\",\"k\":50},"
                    + "{\"type\":\"vector\",\"name\":\"vector_tx\",\"index\":\"bench_candidates\",\"k\":50,\"filter\":{\"state\":\"TX\"}},"
                    + "{\"type\":\"sql\",\"sql\":\"" + sql + "\"}]}";
        };
        long until = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        int warm = 0;
        while (System.nanoTime() < until) {
            ok(send("POST", matrixd + "/v1/search", body.get(), "application/json"));
            warm++;
        }
        double[] total = new double[requests];
        double[] slowest = new double[requests];
        double[] added = new double[requests];
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            String answer = ok(send("POST", matrixd + "/v1/search", body.get(), "application/json"));
            total[i] = (System.nanoTime() - t0) / 1e6;
            Matcher m = TOOK.matcher(answer);
            int n = 0;
            while (m.find()) {
                slowest[i] = Math.max(slowest[i], Double.parseDouble(m.group(1)));
                n++;
            }
            if (n != 3) {
                throw new IllegalStateException("expected 3 ok sources: " + answer);
            }
            added[i] = total[i] - slowest[i];
        }
        System.out.printf("search: %d warm-up + %d measured requests, 3 healthy sources (vector, vector+filter, sql)%n",
                warm, requests);
        System.out.printf("  client latency       p50 %.2f ms  p99 %.2f ms%n", pct(total, 50), pct(total, 99));
        System.out.printf("  slowest source       p50 %.2f ms  p99 %.2f ms  (as timed by matrixd around the peer call)%n",
                pct(slowest, 50), pct(slowest, 99));
        System.out.printf("  added over slowest   p50 %.2f ms  p99 %.2f ms%n", pct(added, 50), pct(added, 99));
    }

    static void match(String matrixd, int rounds) throws Exception {
        String body = "{\"left\":{\"index\":\"bench_jobs\",\"filter\":{\"status\":\"open\"}},"
                + "\"right\":{\"index\":\"bench_candidates\",\"filter\":{\"available\":true},"
                + "\"join\":{\"state\":\"state\",\"years_experience\":{\"gte\":\"min_years\"}}},\"k\":5}";
        double[] secs = new double[rounds];
        int rows = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            String answer = ok(send("POST", matrixd + "/v1/match", body, "application/json"));
            secs[r] = (System.nanoTime() - t0) / 1e9;
            Matcher m = Pattern.compile("\"left_count\":(\\d+)").matcher(answer);
            rows = m.find() ? Integer.parseInt(m.group(1)) : -1;
        }
        Arrays.sort(secs);
        System.out.printf("match: %d job orders x candidates, k 5, join state + years, %d rounds: median %.2f s, best %.2f s, worst %.2f s%n",
                rows, rounds, secs[rounds / 2], secs[0], secs[rounds - 1]);
    }

    static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

}
