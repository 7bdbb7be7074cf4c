package io.harmony.state;

/** No shared state under the key: 404. */
public class StateNotFoundException extends RuntimeException {
    public StateNotFoundException(String key) {
        super("no state under key " + key);
    }
}
