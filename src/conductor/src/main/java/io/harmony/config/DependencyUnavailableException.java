package io.harmony.config;

/** Kafka, Redis or a not-yet-loaded view cannot serve the call right now: answered 503, never 500. */
public class DependencyUnavailableException extends RuntimeException {
    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
