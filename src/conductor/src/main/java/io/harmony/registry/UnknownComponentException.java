package io.harmony.registry;

import io.harmony.errors.HarmonyException;

/** A component_id that is not registered (or no longer is): 404, telling the component to register again. */
public class UnknownComponentException extends HarmonyException {
    private final String componentId;

    public UnknownComponentException(String componentId) {
        super(404, "component_id", componentId + " is not registered; register again");
        this.componentId = componentId;
    }

    public String componentId() {
        return componentId;
    }
}
