package io.lakehouse.validatord.schema;

import io.lakehouse.shared.web.ApiException;
import io.lakehouse.validation.Contract;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.DatasetName;
import io.lakehouse.validation.InvalidContractException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The contracts: list, read (latest or pinned) and append a version. Errors are problem details. */
@RestController
class SchemaController {
    private final ContractRegistry registry;

    SchemaController(ContractRegistry registry) {
        this.registry = registry;
    }

    /** One row of {@code GET /v1/schemas}. */
    record SchemaSummary(String dataset, int version, String updatedAt) {
    }

    /** The answer of {@code PUT /v1/schemas/{dataset}}. */
    record SchemaVersion(String dataset, int version) {
    }

    @GetMapping("/v1/schemas")
    List<SchemaSummary> list() {
        return registry.latestOfEach().stream()
                .map(c -> new SchemaSummary(c.dataset(), c.version(), rfc3339(c.updatedAt())))
                .toList();
    }

    @GetMapping("/v1/schemas/{dataset}")
    ResponseEntity<byte[]> get(@PathVariable String dataset,
                               @RequestParam(name = "version", required = false) String version) {
        checkName(dataset);
        Contract contract;
        if (version == null) {
            contract = registry.latest(dataset).orElseThrow(() -> ApiException.notFound(
                    "no contract for dataset \"" + dataset + "\""));
        } else {
            int v = parseVersion(version);
            contract = registry.version(dataset, v).orElseThrow(() -> ApiException.notFound(
                    "no version " + v + " of the contract for dataset \"" + dataset + "\""));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header("X-Schema-Version", Integer.toString(contract.version()))
                .body(contract.source());
    }

    @PutMapping("/v1/schemas/{dataset}")
    ResponseEntity<SchemaVersion> put(@PathVariable String dataset, HttpServletRequest request) throws IOException {
        checkName(dataset);
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readAllBytes();
        }
        if (body.length == 0) {
            throw ApiException.badRequest("request body is empty: send the JSON Schema (draft 2020-12) document");
        }
        ContractRegistry.PutResult result;
        try {
            result = registry.put(dataset, body);
        } catch (InvalidContractException e) {
            throw new ApiException(io.lakehouse.shared.web.CommonError.INVALID_ARGUMENT, e.getMessage(),
                    Map.of("dataset", dataset));
        }
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new SchemaVersion(result.dataset(), result.version()));
    }

    private static void checkName(String dataset) {
        if (!DatasetName.isValid(dataset)) {
            throw ApiException.badRequest(DatasetName.problem(dataset));
        }
    }

    private static int parseVersion(String raw) {
        try {
            int v = Integer.parseInt(raw);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the same answer as a non-positive number
        }
        throw ApiException.badRequest("version must be a positive integer, got \"" + raw + "\"");
    }

    static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
