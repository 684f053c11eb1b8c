package io.lakehouse.observerd.runs;

import io.lakehouse.observerd.observation.Observation;
import java.util.List;

/** A copy of one run taken under the index's lock. */
public record RunView(RunSummary summary, List<Observation> observations) {
}
