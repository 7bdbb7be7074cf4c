package io.harmony.client;

import java.time.Duration;

/** Told when the lease goes at risk, comes back, and after every successful registration; called on the lease thread. */
public interface LeaseListener {
    default void leaseAtRisk(Duration sinceLastAck) {}

    default void leaseBack(Duration outage) {}

    default void registered(String componentId) {}
}
