package io.lakehouse.observerd.replay;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * JSONPath expressions whose matches a comparison ignores. Each expression is evaluated (Jayway JsonPath) on both
 * documents and yields the normalized paths it matches; a difference at such a path, or below it, is ignored.
 * Wildcards and filters work: {@code $.errors[*].Schema.reason}, {@code $..elapsed_ms}.
 */
public final class IgnorePaths {
    private static final Configuration PATHS = Configuration.builder()
            .options(Option.AS_PATH_LIST, Option.SUPPRESS_EXCEPTIONS, Option.ALWAYS_RETURN_LIST).build();

    private final List<JsonPath> paths;

    private IgnorePaths(List<JsonPath> paths) {
        this.paths = paths;
    }

    /** @throws IllegalArgumentException naming the first expression that is not JSONPath */
    public static IgnorePaths compile(List<String> expressions) {
        return new IgnorePaths(expressions.stream().map(x -> {
            try {
                return JsonPath.compile(x);
            } catch (InvalidPathException | IllegalArgumentException e) {
                throw new IllegalArgumentException("ignore path \"" + x + "\" is not JSONPath: " + e.getMessage());
            }
        }).toList());
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    /** The normalized paths the expressions match in either document (given as JSON text). */
    public Set<String> matches(String expectedJson, String actualJson) {
        Set<String> hit = new HashSet<>();
        for (String doc : new String[] {expectedJson, actualJson}) {
            if (doc == null) {
                continue;
            }
            var parsed = JsonPath.using(PATHS).parse(doc);
            for (JsonPath p : paths) {
                List<String> found = parsed.read(p);
                if (found != null) {
                    hit.addAll(found);
                }
            }
        }
        return hit;
    }

    /** Whether {@code path} is one of {@code ignored} or lies below one. */
    public static boolean covers(Set<String> ignored, String path) {
        for (String p = path; ; ) {
            if (ignored.contains(p)) {
                return true;
            }
            int cut = p.lastIndexOf('[');
            if (cut <= 0) {
                return false;
            }
            p = p.substring(0, cut);
        }
    }
}
