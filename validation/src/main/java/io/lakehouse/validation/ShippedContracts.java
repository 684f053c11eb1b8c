package io.lakehouse.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The contracts the project ships ({@code classpath:contracts/<dataset>.schema.json}), seeded on first start. */
public final class ShippedContracts {
    /** The shipped datasets, staffing first. */
    public static final List<String> DATASETS =
            List.of("candidate", "job_order", "placement", "timesheet", "observation", "pathway_event");

    private ShippedContracts() {
    }

    /** Dataset name to schema bytes, in {@link #DATASETS} order. */
    public static Map<String, byte[]> load() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String dataset : DATASETS) {
            out.put(dataset, bytes(dataset));
        }
        return out;
    }

    /** The shipped schema of one dataset. */
    public static byte[] bytes(String dataset) {
        String path = "contracts/" + dataset + ".schema.json";
        try (InputStream in = ShippedContracts.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("shipped contract missing from the class path: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every shipped contract whose dataset has no version in the store yet; returns how many it wrote. */
    public static int seed(ContractRegistry registry) throws IOException, InvalidContractException {
        int written = 0;
        for (Map.Entry<String, byte[]> e : load().entrySet()) {
            if (registry.seed(e.getKey(), e.getValue())) {
                written++;
            }
        }
        return written;
    }
}
