package io.harmony.liveness;

/**
 * What the sweeper keeps per component in its changelogged store: the view plus the next deadline and what happens
 * at it. {@code deadlineMs} is 0 when nothing is due (offline components wait for a beat).
 */
public record TrackedComponent(ComponentStatus view, long deadlineMs, Due due) {

    /** What passing the deadline does. */
    enum Due {
        /** No beat for M x I (or, under phi, until φ reaches the threshold): healthy becomes degraded. */
        DEGRADE,
        /** Still no beat G after degrading: becomes offline. */
        OFFLINE,
        NOTHING
    }
}
