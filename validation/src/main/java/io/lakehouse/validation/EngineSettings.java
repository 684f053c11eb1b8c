package io.lakehouse.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the validation engine.
 *
 * @param maxErrorsPerRecord errors listed per record at most (the contract's default is 100)
 * @param regexBudget        time one {@code pattern} match may take before it counts as a mismatch
 * @param maxNestingDepth    deepest array/object nesting a parsed document may have
 * @param maxStringLength    longest string value (in chars) a parsed document may hold
 * @param formatAssertions   whether {@code format} is asserted (the contract says it is; the test suite's
 *                           required-keyword cases check the annotation-only default of the specification)
 */
public record EngineSettings(int maxErrorsPerRecord, Duration regexBudget, int maxNestingDepth, int maxStringLength,
                             boolean formatAssertions) {

    public static final EngineSettings DEFAULTS =
            new EngineSettings(100, Duration.ofMillis(50), 128, 8 * 1024 * 1024, true);

    public EngineSettings(int maxErrorsPerRecord, Duration regexBudget, int maxNestingDepth, int maxStringLength) {
        this(maxErrorsPerRecord, regexBudget, maxNestingDepth, maxStringLength, true);
    }

    /** These settings with format assertions switched on or off. */
    public EngineSettings withFormatAssertions(boolean on) {
        return new EngineSettings(maxErrorsPerRecord, regexBudget, maxNestingDepth, maxStringLength, on);
    }

    public EngineSettings {
        Objects.requireNonNull(regexBudget, "regexBudget is null");
        if (maxErrorsPerRecord < 1) {
            throw new IllegalArgumentException("maxErrorsPerRecord must be at least 1, got " + maxErrorsPerRecord);
        }
        if (regexBudget.isNegative() || regexBudget.isZero()) {
            throw new IllegalArgumentException("regexBudget must be positive, got " + regexBudget);
        }
        if (maxNestingDepth < 2) {
            throw new IllegalArgumentException("maxNestingDepth must be at least 2, got " + maxNestingDepth);
        }
        if (maxStringLength < 1) {
            throw new IllegalArgumentException("maxStringLength must be positive, got " + maxStringLength);
        }
    }
}
