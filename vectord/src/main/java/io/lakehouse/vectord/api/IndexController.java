package io.lakehouse.vectord.api;

import io.lakehouse.shared.web.ApiException;
import io.lakehouse.vectord.VectordError;
import io.lakehouse.vectord.index.IndexSettings;
import io.lakehouse.vectord.registry.IndexRegistry;
import io.lakehouse.vectord.registry.OpenIndex;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Index lifecycle: create (idempotent), list, describe, drop. */
@RestController
@RequestMapping("/v1/indexes")
class IndexController {
    static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final IndexRegistry registry;
    private final JsonMapper json;

    IndexController(IndexRegistry registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @PutMapping("/{name}")
    ResponseEntity<ObjectNode> create(@PathVariable String name, @RequestBody(required = false) JsonNode body)
            throws IOException {
        Indexes.checkName(name);
        Indexes.checkLoaded(registry);
        ObjectNode withName = body == null || body.isNull() ? json.createObjectNode()
                : body.isObject() ? ((ObjectNode) body).deepCopy() : null;
        if (withName == null) {
            throw new ApiException(VectordError.INVALID_INDEX, "body must be a JSON object");
        }
        if (withName.has("name") && !name.equals(withName.get("name").asString(""))) {
            throw new ApiException(VectordError.INVALID_INDEX, "body names index '" + withName.get("name").asString("")
                    + "' but the path names '" + name + "'");
        }
        withName.put("name", name);
        IndexSettings settings;
        try {
            settings = registry.readSettings(withName);
        } catch (IllegalArgumentException e) {
            throw new ApiException(VectordError.INVALID_INDEX, e.getMessage());
        }
        IndexRegistry.Created created;
        try {
            created = registry.create(settings);
        } catch (IllegalStateException e) {
            throw new ApiException(VectordError.INDEX_CONFLICT, e.getMessage());
        }
        OpenIndex o = registry.find(name).orElseThrow(() -> Indexes.notFound(name));
        return ResponseEntity.status(created == IndexRegistry.Created.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .body(describe(o));
    }

    @GetMapping
    Map<String, Object> list() {
        Indexes.checkLoaded(registry);
        ArrayNode arr = json.createArrayNode();
        for (OpenIndex o : registry.all()) {
            arr.add(describe(o));
        }
        return Map.of("indexes", arr);
    }

    @GetMapping("/{name}")
    ObjectNode get(@PathVariable String name) {
        return describe(Indexes.open(registry, name));
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> drop(@PathVariable String name) throws IOException {
        Indexes.checkName(name);
        Indexes.checkLoaded(registry);
        if (!registry.drop(name)) {
            throw Indexes.notFound(name);
        }
        return ResponseEntity.noContent().build();
    }

    private ObjectNode describe(OpenIndex o) {
        ObjectNode n = registry.writeSettings(o.settings());
        n.put("count", o.index().size());
        n.put("deleted", o.index().tombstones());
        n.put("memory_bytes", o.index().memoryBytes());
        Instant saved = o.snapshotter().lastSavedAt();
        if (saved == null) {
            n.putNull("last_saved_at");
        } else {
            n.put("last_saved_at", RFC3339.format(saved.truncatedTo(ChronoUnit.SECONDS)));
        }
        n.put("log_bytes", o.log().logBytes());
        return n;
    }
}
