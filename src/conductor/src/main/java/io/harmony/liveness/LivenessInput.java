package io.harmony.liveness;


/** A registration, a deregistration (tombstone) or a heartbeat: the three things that move a component's deadline. */
public record LivenessInput(Registration registration, Heartbeat heartbeat) {

    public static LivenessInput ofRegistration(Registration registration) {
        return new LivenessInput(registration, null); // null registration: a tombstone, i.e. deregistered
    }

    public static LivenessInput ofHeartbeat(Heartbeat heartbeat) {
        return heartbeat == null ? null : new LivenessInput(null, heartbeat);
    }

    boolean isDeregistration() {
        return registration == null && heartbeat == null;
    }
}
