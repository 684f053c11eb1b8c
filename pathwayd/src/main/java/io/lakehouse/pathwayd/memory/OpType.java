package io.lakehouse.pathwayd.memory;

/** The operations that change memories; each durable one is a journal entry and a {@code pathway_event} record. */
public enum OpType {
    ADD, UPDATE, REVISE, RETIRE
}
