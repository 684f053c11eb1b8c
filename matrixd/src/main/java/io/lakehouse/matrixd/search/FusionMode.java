package io.lakehouse.matrixd.search;

/** How ranked lists are combined: reciprocal rank fusion, or weighted sum of min-max normalised scores. */
public enum FusionMode {
    RRF, WEIGHTED
}
