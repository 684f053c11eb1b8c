package io.lakehouse.validation;

import java.util.regex.Pattern;

/** Dataset names: {@code ^[a-z][a-z0-9_]{0,62}$}, since they become SQL view names and store key segments. */
public final class DatasetName {
    public static final String PATTERN = "^[a-z][a-z0-9_]{0,62}$";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    private DatasetName() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Why {@code name} is not a dataset name, for an error body. */
    public static String problem(String name) {
        return "dataset name must match " + PATTERN + ", got " + (name == null ? "nothing" : '"' + name + '"');
    }
}
