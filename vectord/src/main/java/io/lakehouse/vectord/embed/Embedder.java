package io.lakehouse.vectord.embed;

import java.util.List;

/** Turns texts into vectors of the index's dimension, one per text, in order. */
public interface Embedder {
    List<float[]> embed(List<String> texts);
}
