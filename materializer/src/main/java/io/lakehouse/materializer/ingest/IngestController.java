package io.lakehouse.materializer.ingest;

import io.lakehouse.materializer.MaterializerError;
import io.lakehouse.materializer.MaterializerProperties;
import io.lakehouse.materializer.run.Layout;
import io.lakehouse.shared.ids.Ids;
import io.lakehouse.shared.web.ApiException;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.validation.Contract;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.DatasetName;
import io.lakehouse.validation.ValidationError;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/ingest/{dataset}}: stores one batch whole, as one immutable raw object, or nothing. The body is
 * spooled to a local file while it is checked (memory stays bounded), then uploaded with one atomic put.
 */
@RestController
class IngestController {
    private final ObjectStore store;
    private final ContractRegistry contracts;
    private final MaterializerProperties properties;
    private final BatchSpooler spooler;

    IngestController(ObjectStore store, ContractRegistry contracts, MaterializerProperties properties) {
        this.store = store;
        this.contracts = contracts;
        this.properties = properties;
        this.spooler = new BatchSpooler(contracts.engine(), properties.maxBatchResults());
    }

    record Ingested(String object, long records, long bytes) {
    }

    record BatchResult(long total, long valid, long invalid, List<Line> results) {
    }

    record Line(long line, List<ValidationError> errors) {
    }

    static boolean validateFlag(String query) {
        if (query == null) {
            return false;
        }
        for (String part : query.split("&")) {
            if (part.equals("validate") || part.equals("validate=true") || part.equals("validate=1")) {
                return true;
            }
        }
        return false;
    }

    @PostMapping("/v1/ingest/{dataset}")
    ResponseEntity<?> ingest(@PathVariable String dataset, HttpServletRequest request) throws IOException {
        // Read from the query string only: asking the servlet for a parameter would consume a form-typed body.
        boolean validate = validateFlag(request.getQueryString());
        if (!DatasetName.isValid(dataset)) {
            throw new ApiException(MaterializerError.INVALID_DATASET_NAME, DatasetName.problem(dataset));
        }
        Contract contract = contracts.latest(dataset).orElseThrow(() -> new ApiException(
                MaterializerError.UNKNOWN_DATASET, "no contract for dataset \"" + dataset + "\"",
                Map.of("dataset", dataset)));
        Path dir = properties.workPath().resolve("ingest");
        Files.createDirectories(dir);
        Path spool = Files.createTempFile(dir, dataset + "-", ".ndjson");
        try {
            BatchSpooler.Result result;
            try (InputStream body = request.getInputStream();
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16)) {
                result = spooler.spool(body, out, validate ? contract : null);
            } catch (BatchSpooler.NotNdjsonException e) {
                throw new ApiException(MaterializerError.MALFORMED_NDJSON, e.getMessage(), Map.of("line", e.line));
            }
            if (result.records() == 0) {
                throw new ApiException(MaterializerError.EMPTY_BATCH, "the body holds no records");
            }
            if (result.invalid() > 0) {
                return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(new BatchResult(result.records(),
                        result.records() - result.invalid(), result.invalid(),
                        result.results().stream().map(l -> new Line(l.line(), l.errors())).toList()));
            }
            String day = LocalDate.now(ZoneOffset.UTC).toString();
            ObjectKey key = Layout.raw(dataset, day, Ids.newId());
            long size = Files.size(spool);
            try (InputStream in = Files.newInputStream(spool)) {
                store.put(key, in, size);
            }
            return ResponseEntity.status(HttpStatus.CREATED).body(new Ingested(key.value(), result.records(), size));
        } finally {
            Files.deleteIfExists(spool);
        }
    }
}
