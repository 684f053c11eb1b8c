package io.lakehouse.queryd.sql;

import io.lakehouse.queryd.engine.DuckDbEngine;
import io.lakehouse.shared.web.ApiException;
import io.lakehouse.shared.web.ErrorCode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admits exactly one reading statement, decided by DuckDB's own parser: {@code json_serialize_sql()} serializes
 * SELECT statements only (SELECT, FROM-first, WITH, VALUES, DESCRIBE, SHOW, SUMMARIZE all parse to a SELECT node)
 * and refuses every other statement type, so the check cannot drift from what DuckDB will execute. On top of that
 * the parsed tree is searched for table functions that have side effects or hide SQL inside a string.
 *
 * <p>This is one of two layers: the DuckDB instance itself is locked down ({@code DuckDbEngine}); the check is
 * still required because the lake directory the instance may read is also one it may write.
 */
final class StatementGuard {
    /** Functions callable from a SELECT that write, or run SQL text this check cannot see. */
    static final Set<String> DENIED_FUNCTIONS = Set.of("checkpoint", "force_checkpoint", "query",
            "json_execute_serialized_sql", "enable_logging", "disable_logging", "truncate_duckdb_logs",
            "enable_profiling", "disable_profiling");

    /** Why a statement was refused; the tag of the rejected-statements metric. */
    enum Reason {
        EMPTY, SYNTAX, MULTIPLE_STATEMENTS, NOT_A_READ, DENIED_FUNCTION;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A refusal: the problem to answer and the metric reason. */
    static final class Rejected extends ApiException {
        private final Reason reason;

        Rejected(ErrorCode error, Reason reason, String detail, Map<String, Object> properties) {
            super(error, detail, properties);
            this.reason = reason;
        }

        Reason reason() {
            return reason;
        }
    }

    static final String SERIALIZE = "SELECT json_serialize_sql(?::VARCHAR)";

    /** Statements longer than this are checked every time rather than remembered. */
    static final int MAX_CACHED_LENGTH = 8 * 1024;

    private final JsonMapper json;
    /**
     * Wrapped texts already admitted, by statement and row limit. The verdict depends on the text alone (the parser
     * and the denied list do not change while the process runs), and DuckDB's parse costs more than a small query
     * itself, so a dashboard or agent repeating its statements skips it.
     */
    private final Cache<String, String> admitted;

    StatementGuard(JsonMapper json, int cacheSize) {
        this.json = json;
        this.admitted = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    /** An admitted statement: the wrapped text to run, and whether it was admitted before (it repeats). */
    record Admitted(String sql, boolean repeat) {
    }

    /**
     * Checks {@code sql} and returns the statement wrapped so that at most {@code limit} rows come back.
     *
     * <p>What is admitted is the wrapped text, parsed by DuckDB as exactly one SELECT without denied functions:
     * that is the text that runs, so nothing in {@code sql} can break out of the wrapping. Only when the wrapped
     * text is refused is {@code sql} itself parsed, to say why (a second statement, a write, a syntax error).
     */
    Admitted admit(DuckDbEngine.Lease lease, String sql, long limit) throws SQLException {
        String statement = SqlText.trimEnd(sql);
        if (statement.isBlank()) {
            throw new Rejected(QuerydError.BAD_REQUEST, Reason.EMPTY, "the request holds no SQL statement", Map.of());
        }
        String wrapped = "SELECT * FROM (\n" + statement + "\n) LIMIT " + limit;
        boolean cacheable = wrapped.length() <= MAX_CACHED_LENGTH;
        if (cacheable && admitted.getIfPresent(wrapped) != null) {
            return new Admitted(wrapped, true);
        }
        if (verdict(parse(lease, wrapped), sql) == null) {
            if (cacheable) {
                admitted.put(wrapped, wrapped);
            }
            return new Admitted(wrapped, false);
        }
        Rejected why = verdict(parse(lease, statement), sql);
        throw why != null ? why : new Rejected(QuerydError.SQL_ERROR, Reason.SYNTAX,
                "the statement cannot be used as a subquery: " + verdict(parse(lease, wrapped), sql).getMessage(),
                Map.of());
    }

    private JsonNode parse(DuckDbEngine.Lease lease, String statement) throws SQLException {
        // Prepared once per pooled connection: the parse costs a fraction of a millisecond, a prepare more.
        PreparedStatement ps = lease.prepared(SERIALIZE);
        ps.setString(1, statement);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return json.readTree(rs.getString(1));
        }
    }

    /** Null when {@code tree} is one admissible SELECT, else the refusal. */
    private static Rejected verdict(JsonNode tree, String original) {
        if (tree.path("error").asBoolean(false)) {
            String type = tree.path("error_type").asString("");
            String message = tree.path("error_message").asString("");
            if (type.equals("parser")) {
                Map<String, Object> props = tree.has("position")
                        ? Map.of("position", tree.path("position").asLong()) : Map.of();
                return new Rejected(QuerydError.SQL_ERROR, Reason.SYNTAX, "Parser Error: " + message, props);
            }
            String keyword = SqlText.firstKeyword(original);
            return new Rejected(QuerydError.READ_ONLY, Reason.NOT_A_READ,
                    "only one reading statement (SELECT, FROM, WITH, VALUES, DESCRIBE, SHOW, SUMMARIZE) is allowed"
                            + (keyword.isEmpty() || isReadKeyword(keyword) ? "; the request holds another statement"
                                    : "; got " + keyword),
                    Map.of());
        }
        JsonNode statements = tree.path("statements");
        if (statements.isEmpty()) {
            return new Rejected(QuerydError.BAD_REQUEST, Reason.EMPTY, "the request holds no SQL statement", Map.of());
        }
        if (statements.size() > 1) {
            return new Rejected(QuerydError.BAD_REQUEST, Reason.MULTIPLE_STATEMENTS,
                    "one statement per request; got " + statements.size(), Map.of());
        }
        String denied = deniedFunction(statements.get(0));
        if (denied != null) {
            return new Rejected(QuerydError.READ_ONLY, Reason.DENIED_FUNCTION,
                    "function " + denied + "() is not allowed: it writes or runs SQL text", Map.of());
        }
        return null;
    }

    private static boolean isReadKeyword(String k) {
        return Set.of("SELECT", "FROM", "WITH", "VALUES", "DESCRIBE", "SHOW", "SUMMARIZE", "TABLE").contains(k);
    }

    /** Depth-first search of the parsed tree for a denied function name, scalar or table. */
    static String deniedFunction(JsonNode node) {
        if (node.isObject()) {
            JsonNode name = node.get("function_name");
            if (name != null && name.isString()) {
                String n = name.asString().toLowerCase(Locale.ROOT);
                if (DENIED_FUNCTIONS.contains(n)) {
                    return n;
                }
            }
            for (var e : node.properties()) {
                String d = deniedFunction(e.getValue());
                if (d != null) {
                    return d;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                String d = deniedFunction(child);
                if (d != null) {
                    return d;
                }
            }
        }
        return null;
    }
}
