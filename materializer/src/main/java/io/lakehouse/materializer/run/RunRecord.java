package io.lakehouse.materializer.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * One materialize run: {@code {"run_id","started_at","finished_at","status","datasets":[...]}}.
 *
 * @param status {@code running}, {@code succeeded} or {@code failed} (a dataset failed)
 */
public record RunRecord(@JsonProperty("run_id") String runId,
                        @JsonProperty("started_at") String startedAt,
                        @JsonProperty("finished_at") String finishedAt,
                        @JsonProperty("status") String status,
                        @JsonProperty("trigger") String trigger,
                        @JsonProperty("datasets") List<DatasetStats> datasets) {
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public RunRecord {
        Objects.requireNonNull(runId, "runId is null");
        Objects.requireNonNull(status, "status is null");
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }

    /** Records rejected by a contract, over all datasets. */
    public long invalid() {
        return datasets.stream().mapToLong(DatasetStats::invalid).sum();
    }

    /**
     * What one dataset did in a run.
     *
     * @param status {@code succeeded}, {@code failed} or {@code skipped} (another run holds the dataset)
     * @param error  why it failed or was skipped, else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatasetStats(@JsonProperty("dataset") String dataset,
                               @JsonProperty("status") String status,
                               @JsonProperty("objects") long objects,
                               @JsonProperty("records") long records,
                               @JsonProperty("valid") long valid,
                               @JsonProperty("invalid") long invalid,
                               @JsonProperty("files") long files,
                               @JsonProperty("bytes") long bytes,
                               @JsonProperty("partitions") long partitions,
                               @JsonProperty("seconds") double seconds,
                               @JsonProperty("error") String error) {
    }
}
