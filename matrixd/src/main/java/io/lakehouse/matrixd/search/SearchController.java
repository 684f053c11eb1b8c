package io.lakehouse.matrixd.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lakehouse.matrixd.MatrixdError;
import io.lakehouse.shared.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/search}: fan out, fuse, report every source's status; 502 only when every source failed. */
@RestController
class SearchController {
    private final SearchRequestParser parser;
    private final Fanout fanout;

    SearchController(SearchRequestParser parser, Fanout fanout) {
        this.parser = parser;
        this.fanout = fanout;
    }

    record Result(String id, String source, double score, Map<String, Integer> ranks, Map<String, Double> scores,
                  JsonNode metadata) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SourceStatus(String name, String type, String status, double tookMs, int count, String code,
                        String detail, Integer httpStatus) {
        static SourceStatus of(SourceResult r) {
            return new SourceStatus(r.spec().name(), r.spec().type(), r.status().word(), r.tookMs(), r.hits().size(),
                    r.code(), r.detail(), r.httpStatus() == 0 ? null : r.httpStatus());
        }
    }

    record Response(List<Result> results, List<SourceStatus> sources, String fusion, double tookMs) {
    }

    @PostMapping("/v1/search")
    Response search(@RequestBody JsonNode body) {
        long start = System.nanoTime();
        SearchRequest request = parser.parse(body);
        List<SourceResult> outcomes = fanout.run(request);
        List<SourceStatus> statuses = outcomes.stream().map(SourceStatus::of).toList();
        List<Fusion.Ranked> lists = new ArrayList<>();
        for (SourceResult r : outcomes) {
            if (r.status() == SourceResult.Status.OK) {
                lists.add(new Fusion.Ranked(r.spec().name(), r.spec().weight(), r.hits()));
            }
        }
        if (lists.isEmpty()) {
            throw new ApiException(MatrixdError.ALL_SOURCES_FAILED, "every source failed: " + String.join("; ",
                    outcomes.stream().map(r -> r.spec().name() + " " + r.status().word() + " (" + r.code() + ")")
                            .toList()), Map.of("sources", statuses));
        }
        List<Result> results = Fusion.fuse(lists, request.fusion(), request.rrfK(), request.k()).stream()
                .map(f -> new Result(f.id(), f.source(), f.score(), f.ranks(), f.scores(), f.metadata())).toList();
        return new Response(results, statuses, request.fusion().name().toLowerCase(java.util.Locale.ROOT),
                Fanout.millis(System.nanoTime() - start));
    }
}
