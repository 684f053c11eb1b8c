package io.lakehouse.validatord.validate;

import io.lakehouse.shared.web.PayloadTooLargeException;
import io.lakehouse.validation.Contract;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.DatasetName;
import io.lakehouse.validation.ValidationEngine;
import io.lakehouse.validation.ValidationError;
import io.lakehouse.validatord.ValidatordProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/validate} and {@code POST /v1/validate/batch}: every answer, errors included, in the validation
 * contract's shape. The body is read and parsed here (once, into a tree) rather than by a message converter, so
 * that malformed and too-large bodies are ordinary outcomes, not exceptions crossing the framework.
 */
@RestController
class ValidateController {
    private final ContractRegistry registry;
    private final ValidationEngine engine;
    private final JsonMapper json;
    private final ValidateBodies bodies;
    private final BatchValidator batch;
    private final int maxDepth;
    private final int maxString;

    ValidateController(ContractRegistry registry, ValidatordProperties properties) {
        this.registry = registry;
        this.engine = registry.engine();
        this.json = engine.json();
        this.bodies = new ValidateBodies(json);
        this.maxDepth = properties.maxNestingDepth();
        this.maxString = properties.maxStringLength();
        this.batch = new BatchValidator(engine, properties.maxBatchResults(), maxDepth, maxString);
    }

    @PostMapping("/v1/validate")
    ResponseEntity<byte[]> validate(HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readAllBytes();
        } catch (PayloadTooLargeException e) {
            return bodies.error(HttpStatus.CONTENT_TOO_LARGE, new ValidationError.TooLarge(e.limitBytes()));
        }
        if (body.length == 0) {
            return malformed("request body is empty");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return bodies.error(HttpStatus.BAD_REQUEST, RequestReader.malformed("request body", e, maxDepth, maxString));
        }
        if (root == null || root.isMissingNode()) {
            return malformed("request body is empty");
        }
        if (!root.isObject()) {
            return malformed("request body must be a JSON object, got " + typeOf(root));
        }
        JsonNode dataset = root.get("dataset");
        if (dataset == null) {
            return malformed("missing member \"dataset\"");
        }
        if (!dataset.isString()) {
            return malformed("member \"dataset\" must be a string, got " + typeOf(dataset));
        }
        String name = dataset.asString();
        if (!DatasetName.isValid(name)) {
            return malformed(DatasetName.problem(name));
        }
        JsonNode record = root.get("record");
        if (record == null) {
            return malformed("missing member \"record\"");
        }
        JsonNode pinned = root.get("schema_version");
        Optional<Contract> contract;
        if (pinned == null || pinned.isNull()) {
            contract = registry.latest(name);
        } else if (pinned.isIntegralNumber() && pinned.canConvertToInt() && pinned.intValue() >= 1) {
            contract = registry.version(name, pinned.intValue());
        } else {
            return malformed("member \"schema_version\" must be a positive integer, got " + pinned);
        }
        if (contract.isEmpty()) {
            return bodies.error(HttpStatus.NOT_FOUND, new ValidationError.UnknownDataset(name));
        }
        List<ValidationError> errors = engine.validate(contract.get(), record);
        return errors.isEmpty() ? bodies.valid() : bodies.invalid(HttpStatus.UNPROCESSABLE_CONTENT, errors);
    }

    @PostMapping("/v1/validate/batch")
    ResponseEntity<byte[]> batch(HttpServletRequest request) throws IOException {
        // Read from the query string, never through getParameter: for a form content type that would consume the
        // body as form fields (curl --data-binary sends one by default).
        String dataset = queryParameter(request.getQueryString(), "dataset");
        if (dataset == null || dataset.isEmpty()) {
            return malformed("missing query parameter \"dataset\"");
        }
        if (!DatasetName.isValid(dataset)) {
            return malformed(DatasetName.problem(dataset));
        }
        Optional<Contract> contract = registry.latest(dataset);
        if (contract.isEmpty()) {
            return bodies.error(HttpStatus.NOT_FOUND, new ValidationError.UnknownDataset(dataset));
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readAllBytes();
        } catch (PayloadTooLargeException e) {
            return bodies.error(HttpStatus.CONTENT_TOO_LARGE, new ValidationError.TooLarge(e.limitBytes()));
        }
        return bodies.batch(batch.validate(contract.get(), body));
    }

    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            try {
                if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                // a broken %-escape: not the parameter we look for
            }
        }
        return null;
    }

    private ResponseEntity<byte[]> malformed(String reason) {
        return bodies.error(HttpStatus.BAD_REQUEST, new ValidationError.Malformed(reason));
    }

    static String typeOf(JsonNode node) {
        if (node.isNumber()) {
            return node.isIntegralNumber() ? "integer" : "number";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "array";
            case OBJECT -> "object";
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            default -> "other";
        };
    }
}
