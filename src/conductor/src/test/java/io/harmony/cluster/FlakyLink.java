package io.harmony.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP link between a client and a conductor that the test can cut: while down it accepts each connection and closes
 * it at once (what a client meets when the conductor is gone) and counts them, so a test can see how often the client
 * tried. While up it pipes bytes both ways.
 */
final class FlakyLink implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicInteger refused = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    FlakyLink(int targetPort) {
        this.target = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::accept, "flaky-link");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Cuts every open connection and refuses new ones until {@link #restore()}. */
    void cut() {
        up.set(false);
        open.forEach(FlakyLink::closeQuietly);
        open.clear();
    }

    void restore() {
        up.set(true);
    }

    /** Connections refused (cut, or no conductor behind the link) since the last reset. */
    int refused() {
        return refused.get();
    }

    void resetCount() {
        refused.set(0);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                if (!up.get()) {
                    refused.incrementAndGet();
                    closeQuietly(in);
                    continue;
                }
                try {
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(in);
                    open.add(out);
                    pipe(in, out);
                    pipe(out, in);
                } catch (IOException e) {
                    refused.incrementAndGet(); // the conductor is not there: the client's attempt fails the same way
                    closeQuietly(in);
                }
            } catch (IOException e) {
                // the server closed, or the conductor is not there: the client sees a closed connection
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream is = from.getInputStream(); OutputStream os = to.getOutputStream()) {
                is.transferTo(os);
            } catch (IOException e) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "flaky-link-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
