package io.harmony.errors;

/** Input that breaks the contract: answered 400 with the offending JSON field. Shared by every domain. */
public class InvalidInputException extends HarmonyException {
    public InvalidInputException(String field, String message) {
        super(400, field, message);
    }
}
