package io.harmony.alerting;

import io.harmony.errors.InvalidInputException;

/** A rule's {@code condition} that does not parse: answered 400 on the field {@code condition}. */
public class ConditionSyntaxException extends InvalidInputException {
    private final int position;

    public ConditionSyntaxException(String message, int position) {
        super("condition", message);
        this.position = position;
    }

    /** 1-based character position of the fault in the condition text (its length + 1 when the text ended early). */
    public int position() {
        return position;
    }
}
