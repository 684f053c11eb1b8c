package io.lakehouse.validation;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressions;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * JDK regular expressions (with the library's ECMA-262 adjustments) whose every match is bounded in time.
 *
 * <p>A pattern such as {@code ^(a+)+$} backtracks exponentially on {@code "aaaa...!"}. The JDK matcher cannot be
 * interrupted, but it reads its input only through {@link CharSequence#charAt}, so the input is wrapped in a
 * sequence that checks a deadline every few thousand reads. A match that runs out of time counts as no match, so the
 * value is reported invalid with the pattern's reason instead of holding a worker.
 */
final class DeadlineRegularExpressionFactory implements RegularExpressionFactory {
    private final long budgetNanos;

    DeadlineRegularExpressionFactory(Duration budget) {
        this.budgetNanos = budget.toNanos();
        if (budgetNanos <= 0) {
            throw new IllegalArgumentException("regex budget must be positive: " + budget);
        }
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(
                RegularExpressions.replaceLongformCharacterProperties(RegularExpressions.replaceDollarAnchors(regex)));
        return value -> matches(pattern, value);
    }

    private boolean matches(Pattern pattern, String value) {
        // Short inputs cannot backtrack for long; skip the wrapper on the common path.
        if (value.length() <= 16) {
            return pattern.matcher(value).find();
        }
        try {
            return pattern.matcher(new Deadline(value, System.nanoTime() + budgetNanos)).find();
        } catch (OutOfTime e) {
            return false;
        }
    }

    private static final class OutOfTime extends RuntimeException {
        OutOfTime() {
            super("regular expression ran out of time", null, false, false);
        }
    }

    private static final class Deadline implements CharSequence {
        private final String value;
        private final long deadline;
        private int reads;

        Deadline(String value, long deadline) {
            this.value = value;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadline) {
                throw new OutOfTime();
            }
            return value.charAt(index);
        }

        @Override
        public int length() {
            return value.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(value.substring(start, end), deadline);
        }

        @Override
        public String toString() {
            return value;
        }
    }
}
