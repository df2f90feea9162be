package io.orderflow.web.security;

/** Names the OAuth2 scopes of the Orderflow APIs, and the authorities Spring Security turns them into. */
public final class Scopes {

    /** Reads orders: a customer its own, a storefront or an operator all of them. */
    public static final String ORDERS_READ = "orders:read";

    /** Places and cancels orders: a customer for itself, a storefront for any customer. */
    public static final String ORDERS_WRITE = "orders:write";

    /** Creates products, changes prices and adjusts stock. */
    public static final String INVENTORY_ADMIN = "inventory:admin";

    /** Runs the operator endpoints: notifications, dead letters, parked events, listener containers, metrics. */
    public static final String OPS_ADMIN = "ops:admin";

    private Scopes() {
    }

    /** Returns the authority a token with {@code scope} holds, for {@code hasAuthority}. */
    public static String authority(String scope) {
        return "SCOPE_" + scope;
    }
}
