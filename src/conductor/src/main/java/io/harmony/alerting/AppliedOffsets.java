package io.harmony.alerting;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/** Offsets a global view has applied, per partition; writers wait for their own record's offset. */
public final class AppliedOffsets {
    private record Waiter(int partition, long offset, CompletableFuture<Void> done) {
    }

    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private volatile long changes;

    public void applied(int partition, long offset) {
        changes++; // only the view's thread writes
        applied.merge(partition, offset, Math::max);
        for (Waiter w : waiters) {
            if (w.partition() == partition && w.offset() <= offset) {
                w.done().complete(null);
                waiters.remove(w);
            }
        }
    }

    /** How many records the view applied so far: a reader that saw this number unchanged need not read it again. */
    public long changes() {
        return changes;
    }

    /** Completes once the view applied (partition, offset); callers bound the wait. */
    public CompletableFuture<Void> await(int partition, long offset) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiters.add(new Waiter(partition, offset, done));
        Long now = applied.get(partition);
        if (now != null && now >= offset) {
            done.complete(null);
            waiters.removeIf(w -> w.done() == done);
        }
        return done;
    }
}
