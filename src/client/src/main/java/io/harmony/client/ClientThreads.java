package io.harmony.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Every thread and executor one client starts, so close() can stop and join all of them: threads are daemons named
 * {@code harmony-client-<what>-<name>}, and none is started once closing began.
 */
final class ClientThreads {
    private final String name;
    /** Loop thread → what else stops it besides an interrupt (closing its SSE stream). */
    private final Map<Thread, Runnable> loops = new ConcurrentHashMap<>();
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private final List<ExecutorService> executors = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    ClientThreads(String name) {
        this.name = name;
    }

    boolean closed() {
        return closed;
    }

    /** Starts a long-running loop; close() interrupts it first, before the pools go. */
    Thread start(String what, Runnable loop) {
        return start(what, loop, () -> { });
    }

    /** As {@link #start(String, Runnable)}, with {@code stop} run too, for what an interrupt does not wake. */
    Thread start(String what, Runnable loop, Runnable stop) {
        Thread t = factory(what).newThread(loop);
        loops.put(t, stop);
        t.start();
        return t;
    }

    ExecutorService pool(String what, int threads) {
        return track(Executors.newFixedThreadPool(threads, factory(what)));
    }

    ExecutorService cached(String what) {
        return track(Executors.newCachedThreadPool(factory(what)));
    }

    ScheduledExecutorService scheduler(String what) {
        return track(Executors.newSingleThreadScheduledExecutor(factory(what)));
    }

    private <E extends ExecutorService> E track(E executor) {
        executors.add(executor);
        if (closed) {   // lost a race with close(): do not leave the executor behind
            executor.shutdownNow();
            throw new IllegalStateException("harmony client is closed");
        }
        return executor;
    }

    private ThreadFactory factory(String what) {
        String threadName = "harmony-client-" + what + "-" + name;
        return runnable -> {
            if (closed) {
                throw new IllegalStateException("harmony client is closed");
            }
            // Removed when done, so a long-lived client's set holds live threads only (pool threads come and go).
            Thread t = new Thread(() -> {
                try {
                    runnable.run();
                } finally {
                    live.remove(Thread.currentThread());
                    loops.remove(Thread.currentThread());
                }
            }, threadName);
            t.setDaemon(true);
            live.add(t);
            return t;
        };
    }

    /** First step of close(): no new threads, loops interrupted and joined (the HTTP pool still serves a deregister). */
    void stopLoops(long deadlineNanos) {
        closed = true;
        interrupt(loops.keySet());
        loops.values().forEach(Runnable::run);
        join(loops.keySet(), deadlineNanos);
    }

    /** Last step of close(): executors shut down and every remaining thread joined. */
    void stopAll(long deadlineNanos) {
        closed = true;
        executors.forEach(ExecutorService::shutdownNow);
        interrupt(live);
        join(live, deadlineNanos);
    }

    private static void interrupt(Set<Thread> threads) {
        threads.stream().filter(t -> t != Thread.currentThread()).forEach(Thread::interrupt);
    }

    private static void join(Set<Thread> threads, long deadlineNanos) {
        for (Thread t : List.copyOf(threads)) {
            long left = deadlineNanos - System.nanoTime();
            if (t == Thread.currentThread() || left <= 0) {
                continue;   // close() called from a listener on one of our threads: it ends when the listener returns
            }
            try {
                t.join(Duration.ofNanos(left).toMillis() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
