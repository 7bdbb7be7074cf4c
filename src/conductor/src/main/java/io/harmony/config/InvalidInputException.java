package io.harmony.config;

/** Input that breaks the contract: answered 400 with the offending JSON field. Shared by every domain. */
public class InvalidInputException extends RuntimeException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
