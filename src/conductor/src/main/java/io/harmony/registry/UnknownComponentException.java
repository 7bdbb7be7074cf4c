package io.harmony.registry;

/** A component_id that is not registered (or no longer is): 404, telling the component to register again. */
public class UnknownComponentException extends RuntimeException {
    private final String componentId;

    public UnknownComponentException(String componentId) {
        super(componentId + " is not registered; register again");
        this.componentId = componentId;
    }

    public String componentId() {
        return componentId;
    }
}
