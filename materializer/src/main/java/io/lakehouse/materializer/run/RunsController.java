package io.lakehouse.materializer.run;

import io.lakehouse.materializer.MaterializerError;
import io.lakehouse.materializer.MaterializerProperties;
import io.lakehouse.shared.web.ApiException;
import io.lakehouse.validation.DatasetName;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/materialize}, {@code GET /v1/runs}, {@code GET /v1/runs/{id}}. */
@RestController
class RunsController {
    private final Materializer materializer;
    private final MaterializerProperties properties;

    RunsController(Materializer materializer, MaterializerProperties properties) {
        this.materializer = materializer;
        this.properties = properties;
    }

    /** {@code {"dataset": "<name>"}} or {@code {}} for every dataset. */
    record MaterializeRequest(String dataset) {
    }

    @PostMapping("/v1/materialize")
    RunRecord materialize(@RequestBody(required = false) MaterializeRequest body) throws IOException {
        String dataset = body == null ? null : body.dataset();
        if (dataset != null && !DatasetName.isValid(dataset)) {
            throw new ApiException(MaterializerError.INVALID_DATASET_NAME, DatasetName.problem(dataset));
        }
        return materializer.run(dataset, "api", true);
    }

    @GetMapping("/v1/runs")
    List<RunRecord> runs(@RequestParam(name = "limit", required = false) Integer limit) throws IOException {
        int n = limit == null ? properties.runsListed() : Math.max(1, Math.min(limit, properties.runsListed()));
        return materializer.runs().newest(n);
    }

    @GetMapping("/v1/runs/{id}")
    RunRecord run(@PathVariable String id) throws IOException {
        return materializer.runs().get(id).orElseThrow(() -> new ApiException(MaterializerError.RUN_NOT_FOUND,
                "no run with id \"" + id + "\"", Map.of("run_id", id)));
    }
}
