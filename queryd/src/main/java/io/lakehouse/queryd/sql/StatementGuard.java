package io.lakehouse.queryd.sql;

import io.lakehouse.shared.web.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

        Rejected(QuerydError error, Reason reason, String detail, Map<String, Object> properties) {
            super(error, detail, properties);
            this.reason = reason;
        }

        Reason reason() {
            return reason;
        }
    }

    private final JsonMapper json;

    StatementGuard(JsonMapper json) {
        this.json = json;
    }

    /**
     * Checks {@code sql} and returns the statement wrapped so that at most {@code limit} rows come back; the wrapped
     * text is checked again, so nothing in {@code sql} can break out of the wrapping.
     */
    String admit(Connection c, String sql, long limit) throws SQLException {
        String statement = SqlText.trimEnd(sql);
        if (statement.isBlank()) {
            throw new Rejected(QuerydError.BAD_REQUEST, Reason.EMPTY, "the request holds no SQL statement", Map.of());
        }
        check(c, statement, sql);
        String wrapped = "SELECT * FROM (\n" + statement + "\n) LIMIT " + limit;
        check(c, wrapped, sql);
        return wrapped;
    }

    private void check(Connection c, String statement, String original) throws SQLException {
        JsonNode tree;
        try (PreparedStatement ps = c.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            ps.setString(1, statement);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                tree = json.readTree(rs.getString(1));
            }
        }
        if (tree.path("error").asBoolean(false)) {
            String type = tree.path("error_type").asString("");
            String message = tree.path("error_message").asString("");
            if (type.equals("parser")) {
                Map<String, Object> props = tree.has("position")
                        ? Map.of("position", tree.path("position").asLong()) : Map.of();
                throw new Rejected(QuerydError.SQL_ERROR, Reason.SYNTAX, "Parser Error: " + message, props);
            }
            String keyword = SqlText.firstKeyword(original);
            throw new Rejected(QuerydError.READ_ONLY, Reason.NOT_A_READ,
                    "only one reading statement (SELECT, FROM, WITH, VALUES, DESCRIBE, SHOW, SUMMARIZE) is allowed"
                            + (keyword.isEmpty() || isReadKeyword(keyword) ? "; the request holds another statement"
                                    : "; got " + keyword),
                    Map.of());
        }
        JsonNode statements = tree.path("statements");
        if (statements.isEmpty()) {
            throw new Rejected(QuerydError.BAD_REQUEST, Reason.EMPTY, "the request holds no SQL statement", Map.of());
        }
        if (statements.size() > 1) {
            throw new Rejected(QuerydError.BAD_REQUEST, Reason.MULTIPLE_STATEMENTS,
                    "one statement per request; got " + statements.size(), Map.of());
        }
        String denied = deniedFunction(statements.get(0));
        if (denied != null) {
            throw new Rejected(QuerydError.READ_ONLY, Reason.DENIED_FUNCTION,
                    "function " + denied + "() is not allowed: it writes or runs SQL text", Map.of());
        }
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
