package io.harmony.security;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling, as the auth filter resolved it for this request: nobody in particular (auth off), the admin, or the
 * holder of a component token bound to one component name. Resources and services ask it; only the filter sets it.
 */
@RequestScoped
public class Caller {
    /** The token: its id (never the secret) and whether it is the admin's. */
    private record Holder(String tokenId, boolean admin) {
    }

    /** Null until the auth filter resolved a token: auth off, or an open endpoint. */
    private Holder holder;
    /** Shorthands of the checks below: a component token (not the admin's), and the component it is bound to. */
    private boolean restricted;
    private String component;

    /** Called by the auth filter once the bearer token is known; never with a secret. */
    public void authenticated(String tokenId, boolean admin, String component) {
        holder = new Holder(tokenId, admin);
        restricted = !admin;
        this.component = component;
    }

    /** False when auth is off (or the endpoint is open): then every check passes and {@code from} fields are trusted. */
    public boolean authenticated() {
        return holder != null;
    }

    public boolean admin() {
        return holder != null && holder.admin();
    }

    /** The token's id ({@code admin} for the admin token); never the secret. */
    public Optional<String> tokenId() {
        return Optional.ofNullable(holder).map(Holder::tokenId);
    }

    /** The component name a component token is bound to; empty for the admin and when auth is off. */
    public Optional<String> component() {
        return Optional.ofNullable(component);
    }

    /** What a per-caller limit counts against: the token when there is one, else the component the request names. */
    public String limitKey(String namedComponent) {
        return holder != null && holder.tokenId() != null ? "token:" + holder.tokenId() : "component:" + namedComponent;
    }

    /** 403 unless the caller holds the admin token (or auth is off): tokens, access control, alert rules. */
    public void requireAdmin(String action) {
        if (restricted) {
            throw new ForbiddenException("authorization", action + " needs the admin token; this token acts for " + component);
        }
    }

    /**
     * 403 unless the caller may act as {@code named}: the admin and, with auth off, anyone may; a component token only
     * as its own component (register, and the {@code from} of sends, requests and broadcasts; its own queue).
     */
    public void requireComponent(String named, String field) {
        if (restricted && !component.equals(named)) {
            throw new ForbiddenException(field, "this token acts for " + component + "; it cannot act as " + named);
        }
    }

    /** 403 unless {@code componentId} is an instance of the caller's component (beat, deregister, its commands). */
    public void requireInstance(String componentId, String field) {
        if (restricted && !isInstanceOf(componentId, component)) {
            throw new ForbiddenException(field, "this token acts for " + component + "; " + componentId + " is not one of its instances");
        }
    }

    /** 403 unless {@code target} is the caller's component or one of its instances (GET /requests/receive takes both). */
    public void requireComponentOrInstance(String target, String field) {
        if (restricted && !component.equals(target) && !isInstanceOf(target, component)) {
            throw new ForbiddenException(field, "this token acts for " + component + "; it cannot receive for " + target);
        }
    }

    /**
     * True when {@code componentId} is {@code <component>-<digits>}, the shape the conductor allocates ids in: exact
     * from the id alone, so the heartbeat path needs no view lookup and allocates nothing ({@code a-001-001} belongs
     * to {@code a-001}, not to {@code a}).
     */
    public static boolean isInstanceOf(String componentId, String component) {
        int n = component.length();
        if (componentId == null || componentId.length() < n + 2 || !componentId.startsWith(component) || componentId.charAt(n) != '-') {
            return false;
        }
        for (int i = n + 1; i < componentId.length(); i++) {
            char c = componentId.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
