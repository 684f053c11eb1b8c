package io.lakehouse.matrixd.match;

import io.lakehouse.matrixd.MatrixdProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/match}: rows are written as they are computed, as one JSON document
 * {@code {"matrix":[...],"left_count","took_ms"}} or, with {@code Accept: application/x-ndjson}, one row per line.
 * Errors found before the first row (bad request, unknown index, vectord down) are problem details; a failure
 * after rows were written ends an NDJSON stream with an {@code {"error":{...}}} line and leaves a JSON document
 * unterminated (so that no client mistakes it for a complete answer).
 */
@RestController
class MatchController {
    static final String NDJSON = "application/x-ndjson";

    private final MatchService service;
    private final MatchRequestParser parser;
    private final JsonMapper json;

    MatchController(MatchService service, MatrixdProperties props, JsonMapper json) {
        this.service = service;
        this.parser = new MatchRequestParser(props.match());
        this.json = json;
    }

    @PostMapping("/v1/match")
    void match(@RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        long start = System.nanoTime();
        MatchRequest r = parser.parse(body);
        String accept = request.getHeader("Accept");
        boolean ndjson = accept != null && accept.contains(NDJSON);
        MatchService.Run run = service.open(r);
        response.setContentType(ndjson ? NDJSON : "application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        OutputStream out = response.getOutputStream();
        if (ndjson) {
            try {
                run.drain(new MatchService.RowSink() {
                    @Override
                    public void accept(MatchService.Row row) throws IOException {
                        out.write(json.writeValueAsBytes(row));
                        out.write('\n');
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }
                });
            } catch (io.lakehouse.shared.web.ApiException e) {
                out.write(json.writeValueAsBytes(java.util.Map.of("error", java.util.Map.of("code",
                        e.error().code(), "status", e.error().status().value(), "detail", e.getMessage()))));
                out.write('\n');
            }
            return;
        }
        out.write("{\"matrix\":[".getBytes(StandardCharsets.UTF_8));
        boolean[] first = {true};
        long rows = run.drain(new MatchService.RowSink() {
            @Override
            public void accept(MatchService.Row row) throws IOException {
                if (!first[0]) {
                    out.write(',');
                }
                first[0] = false;
                out.write(json.writeValueAsBytes(row));
            }
        });
        out.write(("],\"left_count\":" + rows + ",\"took_ms\":" + Math.round((System.nanoTime() - start) / 1e4) / 100.0
                + "}").getBytes(StandardCharsets.UTF_8));
    }
}
