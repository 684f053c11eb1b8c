package io.lakehouse.vectord.api;

import io.lakehouse.shared.web.ApiException;
import io.lakehouse.vectord.VectordError;
import io.lakehouse.vectord.index.IndexSettings;
import io.lakehouse.vectord.registry.IndexRegistry;
import io.lakehouse.vectord.registry.OpenIndex;

/** Lookups shared by the controllers: names are checked before anything touches the store. */
final class Indexes {
    private Indexes() {
    }

    static void checkName(String name) {
        if (!IndexSettings.NAME.matcher(name).matches()) {
            throw new ApiException(VectordError.INVALID_INDEX, "index name '" + name + "' must match "
                    + IndexSettings.NAME.pattern());
        }
    }

    static void checkLoaded(IndexRegistry registry) {
        if (!registry.loaded()) {
            throw new ApiException(VectordError.LOADING, registry.loadFailure()
                    .map(f -> "an index failed to load: " + f).orElse("indexes are still loading; retry shortly"));
        }
    }

    static OpenIndex open(IndexRegistry registry, String name) {
        checkName(name);
        return registry.find(name).orElseThrow(() -> {
            checkLoaded(registry);
            return notFound(name);
        });
    }

    static ApiException notFound(String name) {
        return new ApiException(VectordError.INDEX_NOT_FOUND, "no index named '" + name + "'");
    }
}
