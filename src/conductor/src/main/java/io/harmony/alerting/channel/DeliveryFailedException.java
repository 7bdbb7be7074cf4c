package io.harmony.alerting.channel;

/** A channel could not hand a notice over (refused, unreachable, not configured); the {@link Notifier} retries it. */
public class DeliveryFailedException extends RuntimeException {
    public DeliveryFailedException(String message) {
        super(message);
    }

    public DeliveryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
