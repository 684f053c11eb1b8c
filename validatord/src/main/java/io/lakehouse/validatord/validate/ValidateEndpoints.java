package io.lakehouse.validatord.validate;

import io.lakehouse.shared.web.PayloadTooLargeException;
import io.lakehouse.validation.Contract;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.DatasetName;
import io.lakehouse.validation.ValidationEngine;
import io.lakehouse.validation.ValidationError;
import io.lakehouse.validatord.ValidatordProperties;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code POST /v1/validate} and {@code POST /v1/validate/batch} answer for a body: every answer, errors
 * included, in the validation contract's shape. The body is parsed here (once, into a tree) rather than by a message
 * converter, so that malformed bodies are ordinary outcomes, not exceptions crossing the framework.
 */
final class ValidateEndpoints {
    private final ContractRegistry registry;
    private final ValidationEngine engine;
    private final JsonMapper json;
    private final ValidateBodies bodies;
    private final BatchValidator batch;
    private final int maxDepth;
    private final int maxString;

    ValidateEndpoints(ContractRegistry registry, ValidatordProperties properties) {
        this.registry = registry;
        this.engine = registry.engine();
        this.json = engine.json();
        this.bodies = new ValidateBodies(json);
        this.maxDepth = properties.maxNestingDepth();
        this.maxString = properties.maxStringLength();
        this.batch = new BatchValidator(engine, properties.maxBatchResults(), maxDepth, maxString);
    }

    /** The answer to one validate request's body. */
    ValidateBodies.Answer validate(byte[] body) {
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

    /**
     * The contract a batch is checked against, from the raw query string, or the error answer; decided before the
     * body is read. The query string is parsed here, never through {@code getParameter}: for a form content type
     * that would consume the body as form fields (curl --data-binary sends one by default).
     */
    Target batchTarget(String query) {
        String dataset = queryParameter(query, "dataset");
        if (dataset == null || dataset.isEmpty()) {
            return new Target(null, malformed("missing query parameter \"dataset\""));
        }
        if (!DatasetName.isValid(dataset)) {
            return new Target(null, malformed(DatasetName.problem(dataset)));
        }
        Optional<Contract> contract = registry.latest(dataset);
        if (contract.isEmpty()) {
            return new Target(null, bodies.error(HttpStatus.NOT_FOUND, new ValidationError.UnknownDataset(dataset)));
        }
        return new Target(contract.get(), null);
    }

    /** Either the contract of a batch or the answer that ends the request. */
    record Target(Contract contract, ValidateBodies.Answer refusal) {
    }

    /** The answer to an NDJSON batch for a contract found by {@link #batchTarget}. */
    ValidateBodies.Answer batch(Contract contract, byte[] body) {
        return bodies.batch(batch.validate(contract, body));
    }

    /** The answer to a body over the size limit. */
    ValidateBodies.Answer tooLarge(PayloadTooLargeException e) {
        return bodies.error(HttpStatus.CONTENT_TOO_LARGE, new ValidationError.TooLarge(e.limitBytes()));
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

    private ValidateBodies.Answer malformed(String reason) {
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
