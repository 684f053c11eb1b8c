package io.lakehouse.validatord;

import io.lakehouse.validation.EngineSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code lakehouse.validatord.*}: how the daemon validates and how it follows the contracts in the store.
 *
 * @param pollInterval       how often the store is re-listed for versions written by other replicas
 * @param missRecheck        how often, at most per dataset, an unknown dataset or version triggers a store read
 * @param maxErrorsPerRecord errors listed per record at most
 * @param maxBatchResults    invalid lines listed per batch at most
 * @param regexBudget        time one {@code pattern} match may take before it counts as a mismatch
 * @param maxNestingDepth    deepest nesting of a request body (the record sits one level below the body)
 * @param maxStringLength    longest string value in a request body, in characters
 * @param seedContracts      whether the shipped contracts are written on start for datasets without any version
 */
@ConfigurationProperties("lakehouse.validatord")
public record ValidatordProperties(
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("1s") Duration missRecheck,
        @DefaultValue("100") int maxErrorsPerRecord,
        @DefaultValue("1000") int maxBatchResults,
        @DefaultValue("50ms") Duration regexBudget,
        @DefaultValue("128") int maxNestingDepth,
        @DefaultValue("8388608") int maxStringLength,
        @DefaultValue("true") boolean seedContracts) {

    public ValidatordProperties {
        if (maxBatchResults < 0) {
            throw new IllegalArgumentException("lakehouse.validatord.max-batch-results must not be negative, got "
                    + maxBatchResults);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("lakehouse.validatord.poll-interval must be positive, got " + pollInterval);
        }
    }

    EngineSettings engineSettings() {
        return new EngineSettings(maxErrorsPerRecord, regexBudget, maxNestingDepth, maxStringLength);
    }
}
