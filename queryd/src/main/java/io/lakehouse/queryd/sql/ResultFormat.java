package io.lakehouse.queryd.sql;

import io.lakehouse.shared.web.ApiException;
import io.lakehouse.shared.web.CommonError;
import java.util.List;
import java.util.Locale;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** The answer formats of POST /sql, chosen by {@code Accept}. */
enum ResultFormat {
    JSON("application/json", false),
    CSV("text/csv", false),
    NDJSON("application/x-ndjson", true),
    PARQUET("application/vnd.apache.parquet", true);

    final MediaType mediaType;
    /** Export formats stream large results and have their own, larger row cap. */
    final boolean export;

    ResultFormat(String mediaType, boolean export) {
        this.mediaType = MediaType.parseMediaType(mediaType);
        this.export = export;
    }

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The most preferred supported format in {@code accept}; JSON when absent or a wildcard. */
    static ResultFormat negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new ApiException(CommonError.NOT_ACCEPTABLE, "Accept header is not valid: " + e.getMessage());
        }
        types = new java.util.ArrayList<>(types);
        types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType t : types) {
            if (t.getQualityValue() <= 0) {
                continue;
            }
            if (t.isWildcardType()) {
                return JSON;
            }
            for (ResultFormat f : values()) {
                if (t.includes(f.mediaType)) {
                    return f;
                }
            }
        }
        throw new ApiException(CommonError.NOT_ACCEPTABLE, "cannot answer " + accept
                + "; POST /sql answers application/json, text/csv, application/x-ndjson or application/vnd.apache.parquet");
    }
}
