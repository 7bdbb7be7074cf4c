package io.harmony.errors;

/** Kafka, Redis or a not-yet-loaded view cannot serve the call right now: answered 503, never 500. */
public class DependencyUnavailableException extends HarmonyException {
    public DependencyUnavailableException(String message, Throwable cause) {
        super(503, null, message, cause);
    }
}
