package io.harmony;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on its first use, once, for what a start should not pay for before it answers /health: a Jackson
 * reader introspecting its type, the JDK's TLS stack behind an HTTP client. Thread-safe; the factory must not return
 * null.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    private Lazy(Supplier<T> factory) {
        this.factory = Objects.requireNonNull(factory);
    }

    public static <T> Lazy<T> of(Supplier<T> factory) {
        return new Lazy<>(factory);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    value = v = Objects.requireNonNull(factory.get(), "a Lazy factory returned null");
                }
            }
        }
        return v;
    }
}
