package dev.plinth.bootstrapper.infra.mqtt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's open device and app connections, each with what its right to stay rests on (the
 * device's token hash, the app credential's deployment), and the pure decision which of them must
 * go once the records say otherwise: a device deleted or given a new token, a deployment stopped or
 * deleted. Services are not tracked: their tokens are checked at each connect.
 */
final class OpenSessions {

    /**
     * One connection.
     *
     * @param clientId   its client id
     * @param identity   who it is
     * @param credential the device's token hash, or the app credential's deployment id
     * @param connection tells this connection from a later one with the same client id
     */
    record Session(String clientId, BrokerIdentity identity, String credential, String connection) {
    }

    /**
     * A connection to close.
     *
     * @param session the connection
     * @param reason  why, for the log and the DISCONNECT's reason string
     */
    record Revoked(Session session, String reason) {
    }

    private final Map<String, Session> byClientId = new ConcurrentHashMap<>();

    /** A connection was accepted; it replaces any earlier one of that client id (the broker takes it over). */
    void opened(Session session) {
        if (session.identity().kind() != BrokerIdentity.Kind.SERVICE) {
            byClientId.put(session.clientId(), session);
        }
    }

    /** A connection ended; a later connection of the same client id stays. */
    void closed(String clientId, String connection) {
        byClientId.computeIfPresent(clientId, (id, s) -> s.connection().equals(connection) ? null : s);
    }

    /** @return the device ids with an open connection */
    Set<String> devices() {
        return ids(BrokerIdentity.Kind.DEVICE);
    }

    /** @return the deployments app connections rest on */
    Set<String> deployments() {
        return ids(BrokerIdentity.Kind.APP);
    }

    private Set<String> ids(BrokerIdentity.Kind kind) {
        Set<String> out = new HashSet<>();
        for (Session s : byClientId.values()) {
            if (s.identity().kind() == kind) {
                out.add(kind == BrokerIdentity.Kind.DEVICE ? s.identity().name() : s.credential());
            }
        }
        return out;
    }

    /** @return how many connections are tracked */
    int size() {
        return byClientId.size();
    }

    /**
     * @param tokenHashes       device id → its registered token hash now (absent: no longer registered)
     * @param activeDeployments deployment id → its app, for the deployments active now
     * @return the connections whose right is gone
     */
    List<Revoked> revoked(Map<String, String> tokenHashes, Map<String, String> activeDeployments) {
        return revoked(List.copyOf(byClientId.values()), tokenHashes, activeDeployments);
    }

    /** The decision alone, over a snapshot of sessions. */
    static List<Revoked> revoked(List<Session> sessions, Map<String, String> tokenHashes, Map<String, String> activeDeployments) {
        List<Revoked> out = new ArrayList<>();
        for (Session s : sessions) {
            switch (s.identity().kind()) {
                case DEVICE -> {
                    String now = tokenHashes.get(s.identity().name());
                    if (now == null) {
                        out.add(new Revoked(s, "device " + s.identity().name() + " was deleted"));
                    } else if (!now.equalsIgnoreCase(s.credential())) {
                        out.add(new Revoked(s, "device " + s.identity().name() + " has a new token"));
                    }
                }
                case APP -> {
                    String app = activeDeployments.get(s.credential());
                    if (app == null || !app.equals(s.identity().name())) {
                        out.add(new Revoked(s, "deployment " + s.credential() + " of " + s.identity().name() + " is no longer active"));
                    }
                }
                case SERVICE -> {
                    // Not tracked.
                }
            }
        }
        return out;
    }
}
