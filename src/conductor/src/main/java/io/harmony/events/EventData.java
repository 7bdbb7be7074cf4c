package io.harmony.events;

/**
 * The {@code data} of an event: on the way out a record per event family, owned by the domain that raises it (so this
 * package imports none of them); read back from harmony.events it is {@link FreeFormData}, which a reader turns into
 * the family's record with {@link HarmonyEvent#data(Class)}.
 */
public interface EventData {
}
