package io.harmony.state;

/** A precondition (If-Match, If-None-Match) does not hold, or the key holds no string value: 409, nothing changed. */
public class StateConflictException extends RuntimeException {
    private final String field;

    public StateConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
