package io.lakehouse.observerd.ingest;

import io.lakehouse.journal.JournalUnavailableException;
import io.lakehouse.observerd.ObserverdError;
import io.lakehouse.observerd.ObserverdProperties;
import io.lakehouse.observerd.observation.Observation;
import io.lakehouse.observerd.observation.ObservationCodec;
import io.lakehouse.shared.web.ApiException;
import io.lakehouse.validation.Contract;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.FastValidator;
import io.lakehouse.validation.ValidationEngine;
import io.lakehouse.validation.ValidationError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Validates items against the {@code observation} contract (the shared engine, the contract from the store) and
 * makes the valid ones durable. Both the JSON and the OTLP endpoints ingest through here.
 */
public final class Ingestor {
    /** The dataset whose contract observations follow. */
    public static final String DATASET = "observation";

    private final ContractRegistry contracts;
    private final ValidationEngine engine;
    private final ObservationCodec codec;
    private final ObservationLog log;
    private final ObserverdProperties.Ingest settings;
    private final MeterRegistry meters;
    /** The fast path of the contract it was compiled for; recompiled when a new contract version is current. */
    private volatile Fast fast;

    private record Fast(Contract contract, FastValidator validator) {
    }

    public Ingestor(ContractRegistry contracts, ObservationCodec codec, ObservationLog log,
                    ObserverdProperties props, MeterRegistry meters) {
        this.contracts = contracts;
        this.engine = contracts.engine();
        this.codec = codec;
        this.log = log;
        this.settings = props.ingest();
        this.meters = meters;
    }

    /** One item that was not kept: its 0-based index in the batch and why, in the validation contract's shape. */
    public record ItemError(int index, List<ValidationError> errors) {
    }

    /** Outcome of a batch: how many were kept, how many refused, and the first refused ones. */
    public record Outcome(int accepted, int rejected, List<ItemError> errors) {
    }

    /** The mapper with the engine's parser limits (nesting depth, string length): read request bodies with it. */
    public tools.jackson.databind.json.JsonMapper contractsJson() {
        return engine.json();
    }

    /** The current observation contract. */
    public Contract contract() {
        return contracts.latest(DATASET).orElseThrow(() -> new ApiException(ObserverdError.CONTRACT_MISSING,
                "the observation contract is not in the store yet; retry shortly"));
    }

    /** Checks one item against the contract and the codec's own rules. */
    public ObservationCodec.Result check(Contract contract, JsonNode item) {
        try (ObservationCodec.Writer writer = codec.writer()) {
            return check(contract, item, writer);
        }
    }

    /** Checks one item of a batch, writing its canonical line with the batch's writer. */
    public ObservationCodec.Result check(Contract contract, JsonNode item, ObservationCodec.Writer writer) {
        List<ValidationError> errors = engine.validate(contract, item);
        if (!errors.isEmpty()) {
            return new ObservationCodec.Rejected(errors);
        }
        return writer.canonical(item);
    }

    /**
     * Checks one item built as a tree (an OTLP span): the contract's fast path decides from the item's bytes when it
     * can, the engine otherwise, so verdicts and errors are the engine's.
     */
    public ObservationCodec.Result checkTree(Contract contract, JsonNode item, ObservationCodec.Writer writer) {
        FastValidator fastPath = fast(contract);
        if (fastPath != null) {
            byte[] bytes = writer.bytes(item);
            if (fastPath.accepts(bytes, 0, bytes.length)) {
                ObservationCodec.Result result = writer.canonicalAccepted(bytes, 0, bytes.length);
                if (result == null) {
                    result = writer.canonical(bytes, 0, bytes.length);
                }
                if (result != null) {
                    return result;
                }
            }
        }
        return check(contract, item, writer);
    }

    /** A writer of canonical lines for one batch (see {@link ObservationCodec#writer()}). */
    public ObservationCodec.Writer writer() {
        return codec.writer();
    }

    /** The contract's fast path, or null when the contract uses keywords it does not know. */
    private FastValidator fast(Contract contract) {
        Fast f = fast;
        if (f == null || f.contract() != contract) {
            f = new Fast(contract, FastValidator.compile(engine, contract).orElse(null));
            fast = f;
        }
        return f.validator();
    }

    /**
     * Validates every item of a JSON batch body, keeps the valid ones durably, and answers once they are durable.
     * Items are read from one streaming pass over the body: an item the contract's fast path accepts is kept as read
     * from the parser, any other item is parsed into a tree and validated by the engine, so its errors are the
     * engine's.
     *
     * @throws ApiException 400 when the body is not a batch, 413 when it has too many items
     */
    public Outcome ingest(byte[] body, String source) {
        Contract contract = contract();
        FastValidator fastPath = fast(contract);
        int max = settings.maxBatchItems();
        if (fastPath != null) {
            List<Observation> kept = allValid(body, fastPath, max);
            if (kept != null) {
                store(kept, source);
                return new Outcome(kept.size(), 0, List.of());
            }
        }
        List<Observation> valid = new ArrayList<>(Math.min(max, Math.max(16, body.length / 256)));
        List<ItemError> errors = new ArrayList<>();
        int[] rejected = {0};
        int count;
        try (ObservationCodec.Writer writer = codec.writer()) {
            count = BatchItems.read(body, engine.json(), (p, from) -> {
                int index = valid.size() + rejected[0];
                if (index >= max) {
                    BatchItems.skip(p); // counted for the 413 below; the rest of the body is still checked
                    rejected[0]++;
                    return;
                }
                ObservationCodec.Result result = null;
                int to;
                if (fastPath != null && p.currentToken() == JsonToken.START_OBJECT) {
                    result = writer.canonical(p, body, 0);
                    to = BatchItems.end(p);
                    if (result != null && !fastPath.accepts(body, from, to)) {
                        result = null;
                    }
                } else {
                    to = BatchItems.skip(p);
                }
                if (result == null) {
                    result = check(contract, engine.json().readTree(body, from, to - from), writer);
                }
                switch (result) {
                    case ObservationCodec.Ok ok -> valid.add(ok.observation());
                    case ObservationCodec.Rejected r -> {
                        rejected[0]++;
                        if (errors.size() < settings.maxErrorsListed()) {
                            errors.add(new ItemError(index, r.errors()));
                        }
                    }
                }
            });
        }
        if (count > max) {
            throw new ApiException(ObserverdError.BATCH_TOO_LARGE, "the batch has " + count
                    + " items; at most " + max + " are accepted per request");
        }
        store(valid, source);
        Counter.builder("lakehouse.observerd.observations.rejected").tag("source", source).register(meters)
                .increment(rejected[0]);
        return new Outcome(valid.size(), rejected[0], errors);
    }

    /**
     * The everyday batch, read without a parser: an array of objects, every one of which the contract's fast path
     * accepts and the codec turns into a line. {@code null} as soon as anything differs (an invalid or unusual item,
     * too many items, another shape): the caller then reads the body the thorough way, which alone answers errors.
     */
    private List<Observation> allValid(byte[] body, FastValidator fastPath, int max) {
        List<Observation> valid = new ArrayList<>(Math.min(max, Math.max(16, body.length / 256)));
        try (ObservationCodec.Writer writer = codec.writer()) {
            boolean all = BatchItems.objectArray(body, (from, to) -> {
                if (valid.size() >= max || !fastPath.accepts(body, from, to)) {
                    return false;
                }
                ObservationCodec.Result r = writer.canonicalAccepted(body, from, to);
                if (r == null) {
                    r = writer.canonical(body, from, to);
                }
                if (r instanceof ObservationCodec.Ok ok) {
                    valid.add(ok.observation());
                    return true;
                }
                return false;
            });
            return all ? valid : null;
        }
    }

    /** Validates every item, keeps the valid ones durably, and answers once they are durable. */
    public Outcome ingest(List<JsonNode> items, String source) {
        if (items.size() > settings.maxBatchItems()) {
            throw new ApiException(ObserverdError.BATCH_TOO_LARGE, "the batch has " + items.size()
                    + " items; at most " + settings.maxBatchItems() + " are accepted per request");
        }
        Contract contract = contract();
        List<Observation> valid = new ArrayList<>(items.size());
        List<ItemError> errors = new ArrayList<>();
        int rejected = 0;
        try (ObservationCodec.Writer writer = codec.writer()) {
            for (int i = 0; i < items.size(); i++) {
                switch (check(contract, items.get(i), writer)) {
                    case ObservationCodec.Ok ok -> valid.add(ok.observation());
                    case ObservationCodec.Rejected r -> {
                        rejected++;
                        if (errors.size() < settings.maxErrorsListed()) {
                            errors.add(new ItemError(i, r.errors()));
                        }
                    }
                }
            }
        }
        store(valid, source);
        Counter.builder("lakehouse.observerd.observations.rejected").tag("source", source).register(meters)
                .increment(rejected);
        return new Outcome(valid.size(), rejected, errors);
    }

    /** Makes observations durable and waits for it. */
    public void store(List<Observation> valid, String source) {
        if (valid.isEmpty()) {
            return;
        }
        try {
            log.append(valid).get(settings.durableTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ApiException e) {
            Counter.builder("lakehouse.observerd.ingest.throttled").tag("source", source).register(meters).increment();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof JournalUnavailableException u ? u : e.getCause();
            throw new ApiException(ObserverdError.JOURNAL_UNAVAILABLE, "the batch could not be made durable: "
                    + cause.getMessage());
        } catch (TimeoutException e) {
            throw new ApiException(ObserverdError.JOURNAL_UNAVAILABLE, "the batch was not durable within "
                    + settings.durableTimeout() + "; it may still be kept");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ObserverdError.JOURNAL_UNAVAILABLE, "interrupted while waiting for durability");
        }
        Counter.builder("lakehouse.observerd.observations.accepted").tag("source", source).register(meters)
                .increment(valid.size());
    }
}
