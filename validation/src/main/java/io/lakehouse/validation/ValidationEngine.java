package io.lakehouse.validation;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON Schema draft 2020-12 validation with {@code format} asserted, answering in the contract's error variants.
 *
 * <p>Thread-safe. Contracts are compiled once ({@link #compile}) and validated many times; validation does no
 * schema work, allocates nothing for a valid record beyond the library's own context, and never throws for an
 * invalid one. Remote {@code $ref}s are never fetched.
 */
public final class ValidationEngine {
    private static final String DRAFT_2020_12 = SpecificationVersion.DRAFT_2020_12.getDialectId();

    private final EngineSettings settings;
    private final SchemaRegistry registry;
    private final Schema metaSchema;
    private final JsonMapper json;

    public ValidationEngine(EngineSettings settings) {
        this(settings, Map.of());
    }

    /**
     * An engine that also resolves the given documents by id (tests use it for the conformance suite's remotes).
     */
    public ValidationEngine(EngineSettings settings, Map<String, String> knownDocuments) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(settings.formatAssertions())
                .regularExpressionFactory(new DeadlineRegularExpressionFactory(settings.regexBudget()))
                .build();
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .formats(StrictFormats.all())
                .keyword(new NonValidationKeyword("x-lakehouse"))
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(dialect, b -> b
                .schemaRegistryConfig(config)
                .schemaLoader(loader -> loader.fetchRemoteResources(false)
                        .resourceLoaders(r -> r.resources(Map.copyOf(knownDocuments)))));
        this.metaSchema = registry.getSchema(SchemaLocation.of(DRAFT_2020_12));
        this.json = mapper(settings);
    }

    /** A mapper whose parser enforces the engine's nesting and string limits; use it to read records. */
    public static JsonMapper mapper(EngineSettings settings) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(settings.maxNestingDepth())
                .maxStringLength(settings.maxStringLength())
                .build();
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build()).build();
    }

    public EngineSettings settings() {
        return settings;
    }

    /** The mapper records should be parsed with (limits applied). */
    public JsonMapper json() {
        return json;
    }

    /** Parses and compiles a contract; the reason of a failure is written for the person who submitted it. */
    public Contract compile(String dataset, int version, byte[] source, Instant updatedAt)
            throws InvalidContractException {
        JsonNode document;
        try {
            document = json.readTree(source);
        } catch (JacksonException e) {
            throw new InvalidContractException("schema is not valid JSON: " + firstLine(e.getOriginalMessage()), e);
        }
        return compile(dataset, version, document, source, updatedAt);
    }

    /** Compiles an already parsed contract. */
    public Contract compile(String dataset, int version, JsonNode document, byte[] source, Instant updatedAt)
            throws InvalidContractException {
        if (document == null || !(document.isObject() || document.isBoolean())) {
            throw new InvalidContractException("schema must be a JSON object (or a boolean), got "
                    + ErrorMapper.found(document));
        }
        JsonNode dialect = document.get("$schema");
        if (dialect != null && !(dialect.isString() && stripEmptyFragment(dialect.asString()).equals(DRAFT_2020_12))) {
            throw new InvalidContractException("schema must be draft 2020-12: $schema must be absent or \""
                    + DRAFT_2020_12 + "\", got " + dialect);
        }
        List<Error> problems = metaSchema.validate(document);
        if (!problems.isEmpty()) {
            Error first = problems.getFirst();
            String where = first.getInstanceLocation().getNameCount() == 0 ? "at the root"
                    : "at " + jsonPointer(first);
            throw new InvalidContractException("schema is not a valid draft 2020-12 schema: " + where + " "
                    + first.getMessage() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        String partitionBy = partitionBy(document);
        Schema schema;
        try {
            schema = registry.getSchema(SchemaLocation.of("urn:lakehouse:contract:" + dataset + ":v" + version),
                    document);
            schema.initializeValidators();
        } catch (RuntimeException e) {
            // SchemaException for most problems; some (an unusable regex) arrive as plain runtime exceptions.
            throw new InvalidContractException("schema cannot be compiled: " + firstLine(String.valueOf(e.getMessage())), e);
        }
        return new Contract(dataset, version, document, source, updatedAt, partitionBy, schema);
    }

    /** Validates one record; empty when valid. Errors are sorted and capped as the contract says. */
    public List<ValidationError> validate(Contract contract, JsonNode record) {
        List<Error> errors = contract.schema().validate(record);
        if (errors.isEmpty()) {
            return List.of();
        }
        return ErrorMapper.map(errors, settings.maxErrorsPerRecord());
    }

    /** Checks the optional extension member {@code "x-lakehouse": {"partition_by": "<date property>"}}. */
    private static String partitionBy(JsonNode document) throws InvalidContractException {
        JsonNode ext = document.get("x-lakehouse");
        if (ext == null) {
            return null;
        }
        if (!ext.isObject()) {
            throw new InvalidContractException("x-lakehouse must be an object");
        }
        JsonNode by = ext.get("partition_by");
        if (by == null) {
            return null;
        }
        if (!by.isString()) {
            throw new InvalidContractException("x-lakehouse.partition_by must be a string naming a top-level property");
        }
        String name = by.asString();
        JsonNode property = document.path("properties").get(name);
        if (property == null) {
            throw new InvalidContractException("x-lakehouse.partition_by names \"" + name
                    + "\", which is not a top-level property of the schema");
        }
        String format = property.path("format").asString("");
        if (!format.equals("date") && !format.equals("date-time")) {
            throw new InvalidContractException("x-lakehouse.partition_by property \"" + name
                    + "\" must have format date or date-time, got " + (format.isEmpty() ? "none" : format));
        }
        return name;
    }

    private static String jsonPointer(Error e) {
        StringBuilder b = new StringBuilder();
        var path = e.getInstanceLocation();
        for (int i = 0; i < path.getNameCount(); i++) {
            b.append('/').append(String.valueOf(path.getElement(i)).replace("~", "~0").replace("/", "~1"));
        }
        return b.toString();
    }

    private static String stripEmptyFragment(String id) {
        return id.endsWith("#") ? id.substring(0, id.length() - 1) : id;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown problem";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

}
