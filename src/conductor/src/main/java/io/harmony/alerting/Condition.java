package io.harmony.alerting;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An alert rule's condition (CONTRACT.md, Metrics and alerting): {@code <metric> <op> <number>} with op one of
 * {@code > >= < <= == !=}, or {@code status == <status>} / {@code status != <status>}. Parsed once by a small
 * recursive-descent parser so a bad rule is refused at the door with the position of its fault.
 */
public final class Condition {

    /** The liveness states a status condition may name (CONTRACT.md). */
    public static final Set<String> STATUSES = Set.of("healthy", "degraded", "offline");

    /** The metric name that introduces a status condition; a component metric of that name cannot be alerted on. */
    public static final String STATUS = "status";

    /** Longest stretch of the condition quoted back in an error, so a huge body does not become a huge message. */
    private static final int QUOTE_LIMIT = 120;

    /** What a condition yields for one component: whether it holds, and the metric value it looked at (null if none). */
    public record Evaluation(boolean holds, Double value) {
        static final Evaluation NOT_HOLDING = new Evaluation(false, null);
    }

    private final String metric;
    private final Operator operator;
    private final double threshold;    // metric conditions
    private final String thresholdText; // the number as written, kept for text()
    private final String status;       // status conditions

    private Condition(String metric, Operator operator, double threshold, String thresholdText, String status) {
        this.metric = metric;
        this.operator = operator;
        this.threshold = threshold;
        this.thresholdText = thresholdText;
        this.status = status;
    }

    /**
     * Parses a condition.
     *
     * @throws ConditionSyntaxException (a 400 on {@code condition}) naming the 1-based position and what was expected
     */
    public static Condition parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ConditionSyntaxException("condition: must not be empty; expected <metric> <op> <number> or status == <status>", 1);
        }
        return new Parser(text).condition();
    }

    /** The condition in normal form: single spaces around the operator, e.g. {@code errors_per_minute > 5}. */
    public String text() {
        return metric + " " + operator.symbol + " " + (isStatus() ? status : thresholdText);
    }

    /** The metric the condition reads; {@code "status"} for status conditions. */
    public String metric() {
        return metric;
    }

    public boolean isStatus() {
        return status != null;
    }

    /**
     * Evaluates against one component's latest metrics and liveness status. A metric the component has not reported
     * (or an unknown status) does not hold: with nothing to compare, an alert neither fires nor stays firing on a guess.
     * Comparison is exact IEEE (so {@code == 0.3} needs exactly the reported 0.3).
     */
    public Evaluation evaluate(Map<String, Double> metrics, String currentStatus) {
        if (isStatus()) {
            if (currentStatus == null) {
                return Evaluation.NOT_HOLDING;
            }
            boolean same = status.equals(currentStatus.toLowerCase(Locale.ROOT));
            return new Evaluation(operator == Operator.EQ ? same : !same, null);
        }
        Double value = metrics == null ? null : metrics.get(metric);
        if (value == null || value.isNaN()) {
            return Evaluation.NOT_HOLDING;
        }
        return new Evaluation(operator.test(value, threshold), value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Condition other && text().equals(other.text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }

    @Override
    public String toString() {
        return text();
    }

    enum Operator {
        // Two-character symbols first, so ">=" is not read as ">" followed by garbage.
        GE(">="), LE("<="), EQ("=="), NE("!="), GT(">"), LT("<");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean test(double value, double threshold) {
            return switch (this) {
                case GT -> value > threshold;
                case GE -> value >= threshold;
                case LT -> value < threshold;
                case LE -> value <= threshold;
                case EQ -> value == threshold;
                case NE -> value != threshold;
            };
        }
    }

    /** condition := ws metric ws op ws (number | status-word) ws end. Positions in messages are 1-based. */
    private static final class Parser {
        private final String text;
        private int pos; // 0-based index of the next character

        Parser(String text) {
            this.text = text;
        }

        Condition condition() {
            skipSpace();
            String metric = metricName();
            skipSpace();
            int opAt = pos;
            Operator op = operator();
            skipSpace();
            Condition condition;
            if (metric.equals(STATUS)) {
                if (op != Operator.EQ && op != Operator.NE) {
                    throw error("== or != (a status has no order)", opAt);
                }
                condition = new Condition(metric, op, Double.NaN, null, statusWord());
            } else {
                int numberAt = pos;
                double threshold = number();
                condition = new Condition(metric, op, threshold, text.substring(numberAt, pos), null);
            }
            skipSpace();
            if (pos < text.length()) {
                throw error("the end of the condition", pos);
            }
            return condition;
        }

        private String metricName() {
            int start = pos;
            if (pos < text.length() && isNameStart(text.charAt(pos))) {
                pos++;
                while (pos < text.length() && isNamePart(text.charAt(pos))) {
                    pos++;
                }
            }
            if (pos == start) {
                throw error("a metric name or status", pos);
            }
            return text.substring(start, pos);
        }

        private Operator operator() {
            for (Operator op : Operator.values()) {
                if (text.startsWith(op.symbol, pos)) {
                    pos += op.symbol.length();
                    return op;
                }
            }
            throw error("an operator (> >= < <= == !=)", pos);
        }

        private String statusWord() {
            int start = pos;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            String word = text.substring(start, pos).toLowerCase(Locale.ROOT);
            if (!STATUSES.contains(word)) {
                pos = start;
                throw error("a status (healthy, degraded, offline)", start);
            }
            return word;
        }

        /** number := [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?, and finite. */
        private double number() {
            int start = pos;
            if (peek() == '-' || peek() == '+') {
                pos++;
            }
            int intDigits = digits();
            int fracDigits = 0;
            if (peek() == '.') {
                pos++;
                fracDigits = digits();
            }
            if (intDigits == 0 && fracDigits == 0) {
                throw error("a number", start);
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '-' || peek() == '+') {
                    pos++;
                }
                if (digits() == 0) {
                    throw error("the digits of an exponent", pos);
                }
            }
            double value = Double.parseDouble(text.substring(start, pos));
            if (!Double.isFinite(value)) {
                throw error("a finite number", start);
            }
            return value;
        }

        private int digits() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            return pos - start;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private static boolean isNameStart(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        }

        private static boolean isNamePart(char c) {
            return isNameStart(c) || (c >= '0' && c <= '9') || c == '.' || c == ':' || c == '-';
        }

        private ConditionSyntaxException error(String expected, int at) {
            String quoted = text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "…";
            return new ConditionSyntaxException(
                    "condition: expected " + expected + " at position " + (at + 1) + " in \"" + quoted + "\"", at + 1);
        }
    }
}
