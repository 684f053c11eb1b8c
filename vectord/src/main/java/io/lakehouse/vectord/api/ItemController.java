package io.lakehouse.vectord.api;

import io.lakehouse.shared.web.ApiException;
import io.lakehouse.vectord.VectordError;
import io.lakehouse.vectord.VectordProperties;
import io.lakehouse.vectord.durability.IndexLog;
import io.lakehouse.vectord.durability.LogRecord;
import io.lakehouse.vectord.index.ItemRecord;
import io.lakehouse.vectord.registry.IndexRegistry;
import io.lakehouse.vectord.registry.OpenIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Batch upsert, get and delete of items. A write is answered only once it is in the durable log. */
@RestController
@RequestMapping("/v1/indexes/{name}/items")
class ItemController {
    static final int MAX_ID_LENGTH = 512;

    private final IndexRegistry registry;
    private final JsonMapper json;
    private final VectordProperties props;

    ItemController(IndexRegistry registry, JsonMapper json, VectordProperties props) {
        this.registry = registry;
        this.json = json;
        this.props = props;
    }

    @PostMapping
    Map<String, Object> upsert(@PathVariable String name, @RequestBody JsonNode body) {
        OpenIndex o = Indexes.open(registry, name);
        JsonNode items = body == null ? null : body.get("items");
        if (items == null || !items.isArray()) {
            throw new ApiException(VectordError.INVALID_ITEM, "body must be {\"items\": [...]}");
        }
        if (items.isEmpty()) {
            throw new ApiException(VectordError.INVALID_ITEM, "items is empty");
        }
        if (items.size() > props.maxBatchItems()) {
            throw new ApiException(VectordError.INVALID_ITEM, "batch has " + items.size() + " items, at most "
                    + props.maxBatchItems() + " are accepted per request");
        }
        int n = items.size();
        String[] ids = new String[n];
        float[][] vectors = new float[n][];
        JsonNode[] metadata = new JsonNode[n];
        List<String> texts = new ArrayList<>();
        List<Integer> textSlots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode it = items.get(i);
            String where = "items[" + i + "]";
            if (!it.isObject()) {
                throw new ApiException(VectordError.INVALID_ITEM, where + " must be an object");
            }
            ids[i] = id(it.get("id"), where);
            JsonNode v = it.get("vector");
            JsonNode t = it.get("text");
            boolean hasV = v != null && !v.isNull();
            boolean hasT = t != null && !t.isNull();
            if (hasV == hasT) {
                throw new ApiException(VectordError.INVALID_ITEM, where + " needs exactly one of vector or text");
            }
            if (hasV) {
                vectors[i] = Vectors.parse(v, o.settings(), where + ".vector");
            } else {
                if (!t.isString()) {
                    throw new ApiException(VectordError.INVALID_ITEM, where + ".text must be a string");
                }
                texts.add(t.asString());
                textSlots.add(i);
            }
            JsonNode m = it.get("metadata");
            if (m != null && !m.isNull()) {
                if (!m.isObject()) {
                    throw new ApiException(VectordError.INVALID_ITEM, where + ".metadata must be an object");
                }
                metadata[i] = m;
            }
        }
        if (!texts.isEmpty()) {
            List<float[]> embedded = Vectors.embed(o.embedder(), o.settings(), texts);
            for (int j = 0; j < embedded.size(); j++) {
                vectors[textSlots.get(j)] = embedded.get(j);
            }
        }
        List<IndexLog.Mutation> mutations = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            mutations.add(new IndexLog.Mutation(ids[i], vectors[i], metadata[i]));
        }
        List<LogRecord> written = write(o, mutations);
        return Map.of("upserted", n, "seq", written.getLast().seq());
    }

    @GetMapping("/{id}")
    ObjectNode get(@PathVariable String name, @PathVariable String id) {
        OpenIndex o = Indexes.open(registry, name);
        ItemRecord r = o.index().get(id).orElseThrow(() -> itemNotFound(name, id));
        ObjectNode n = json.createObjectNode();
        n.put("id", r.id());
        var arr = n.putArray("vector");
        for (float f : r.vector()) {
            arr.add(f);
        }
        n.set("metadata", r.metadata());
        return n;
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String name, @PathVariable String id) {
        OpenIndex o = Indexes.open(registry, name);
        if (o.index().get(id).isEmpty()) {
            throw itemNotFound(name, id);
        }
        write(o, List.of(IndexLog.Mutation.delete(id)));
        return ResponseEntity.noContent().build();
    }

    static List<LogRecord> write(OpenIndex o, List<IndexLog.Mutation> mutations) {
        try {
            return o.write(mutations);
        } catch (OpenIndex.Busy e) {
            throw new ApiException(VectordError.WRITE_QUEUE_FULL, "index '" + o.settings().name()
                    + "' has too many writes queued; retry shortly", Map.of("retry_after_seconds", 1));
        } catch (ExecutionException e) {
            throw new ApiException(VectordError.LOG_WRITE_FAILED, "the write was not made durable and is not "
                    + "applied: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(VectordError.LOG_WRITE_FAILED, "interrupted while waiting for the log");
        }
    }

    private static String id(JsonNode node, String where) {
        if (node == null || !node.isString() || node.asString().isEmpty()) {
            throw new ApiException(VectordError.INVALID_ITEM, where + ".id must be a non-empty string");
        }
        String id = node.asString();
        if (id.length() > MAX_ID_LENGTH) {
            throw new ApiException(VectordError.INVALID_ITEM, where + ".id is longer than " + MAX_ID_LENGTH + " characters");
        }
        return id;
    }

    private static ApiException itemNotFound(String index, String id) {
        return new ApiException(VectordError.ITEM_NOT_FOUND, "index '" + index + "' has no item '" + id + "'");
    }
}
