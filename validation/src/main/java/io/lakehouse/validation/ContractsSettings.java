package io.lakehouse.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * What a daemon decides about its contracts; the rest of the wiring is {@link ContractsConfiguration}.
 *
 * @param engine       engine limits (pattern deadline, error cap)
 * @param missRecheck  how often, at most per dataset, an unknown dataset or version triggers a store read
 * @param pollInterval how often the store is re-listed for versions other replicas wrote (null: never)
 * @param seedShipped  whether the shipped contracts are written on start for datasets without any version
 */
public record ContractsSettings(EngineSettings engine, Duration missRecheck, Duration pollInterval,
                                boolean seedShipped) {
    public ContractsSettings {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(missRecheck, "missRecheck");
    }
}
