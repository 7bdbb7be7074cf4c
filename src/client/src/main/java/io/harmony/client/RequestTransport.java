package io.harmony.client;

/**
 * What both ways of receiving requests share: the client's threads (to know when to stop), the lease (whose id names
 * the receiver), the dispatcher (which runs the handlers) and a backoff for when the conductor or the broker is away.
 */
abstract class RequestTransport implements Runnable {
    protected static final System.Logger LOG = System.getLogger("io.harmony.client");

    protected final ClientThreads threads;
    protected final Lease lease;
    protected final RequestDispatcher dispatcher;
    protected final Backoff backoff;

    RequestTransport(ClientThreads threads, Lease lease, RequestDispatcher dispatcher, Backoff backoff) {
        this.threads = threads;
        this.lease = lease;
        this.dispatcher = dispatcher;
        this.backoff = backoff;
    }
}
