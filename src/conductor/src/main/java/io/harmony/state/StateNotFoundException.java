package io.harmony.state;

import io.harmony.errors.HarmonyException;

/** No shared state under the key: 404. */
public class StateNotFoundException extends HarmonyException {
    public StateNotFoundException(String key) {
        super(404, "key", "no state under key " + key);
    }
}
