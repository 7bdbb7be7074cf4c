package io.harmony.registry;

import java.util.List;

import io.harmony.liveness.Registration;

/** Answer of GET /services: the matching instances as {@code /services/{id}} objects. */
public record ServiceList(List<Registration> services) {
}
