package io.lakehouse.queryd.sql;

/**
 * Lexical helpers over SQL text that skip string literals, quoted identifiers, dollar quotes and comments. They
 * never decide what is allowed (DuckDB's parser does, in {@link StatementGuard}); they only shape messages and
 * strip a trailing {@code ;} so the statement can be wrapped.
 */
final class SqlText {
    private SqlText() {
    }

    /** The text up to its last significant character: trailing blanks, comments and semicolons removed. */
    static String trimEnd(String sql) {
        int end = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                if (close < 0) {
                    return sql; // unterminated: let the parser report it
                }
                i = close + 2;
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == c) {
                        if (j + 1 < n && sql.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                if (j >= n) {
                    return sql;
                }
                i = j + 1;
                end = i;
            } else if (c == '$') {
                int tagEnd = sql.indexOf('$', i + 1);
                String tag = tagEnd < 0 ? null : sql.substring(i, tagEnd + 1);
                if (tag != null && tag.chars().skip(1).limit(tag.length() - 2L)
                        .allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')
                        && (tag.length() == 2 || !Character.isDigit(tag.charAt(1)))) {
                    int close = sql.indexOf(tag, tagEnd + 1);
                    if (close < 0) {
                        return sql;
                    }
                    i = close + tag.length();
                    end = i;
                } else {
                    i++;
                    end = i;
                }
            } else {
                i++;
                if (!Character.isWhitespace(c) && c != ';') {
                    end = i;
                }
            }
        }
        return sql.substring(0, end);
    }

    /** The first keyword of the statement, upper case, for messages and metrics ("CREATE", "COPY"), or "". */
    static String firstKeyword(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == ';' || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else {
                int j = i;
                while (j < n && Character.isLetter(sql.charAt(j))) {
                    j++;
                }
                return sql.substring(i, j).toUpperCase(java.util.Locale.ROOT);
            }
        }
        return "";
    }
}
