package io.lakehouse.vectord.index;

/** One search result: the item as it is now and its ranking distance to the query. */
public record SearchHit(ItemRecord item, float distance) {
}
