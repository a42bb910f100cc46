package dev.plinth.bootstrapper.infra.mqtt;

import java.util.List;

/**
 * What each identity may publish and subscribe to (docs/sensors.md, "Broker permissions"):
 *
 * <table>
 *   <caption>permissions</caption>
 *   <tr><th>who</th><th>publish</th><th>subscribe</th></tr>
 *   <tr><td>device {@code d}</td><td>{@code devices/d/telemetry}</td><td>{@code devices/d/commands}</td></tr>
 *   <tr><td>app {@code a}</td><td>{@code apps/a/controllers/+/commands}</td>
 *       <td>filters under {@code apps/a/} ({@code apps/a/#} and narrower), plain or shared in group {@code a}</td></tr>
 *   <tr><td>service</td><td>anything</td><td>anything</td></tr>
 * </table>
 * Everything else is denied. Pure functions of strings, so they are tested as a table.
 */
public final class TopicRules {

    private static final String SHARE_PREFIX = "$share/";

    private TopicRules() {
    }

    /** @return whether the identity may publish on the topic */
    public static boolean mayPublish(BrokerIdentity who, String topic) {
        List<String> levels = List.of(topic.split("/", -1));
        return switch (who.kind()) {
            case SERVICE -> true;
            case DEVICE -> levels.size() == 3 && levels.get(0).equals("devices") && levels.get(1).equals(who.name())
                    && levels.get(2).equals("telemetry");
            case APP -> levels.size() == 5 && levels.get(0).equals("apps") && levels.get(1).equals(who.name())
                    && levels.get(2).equals("controllers") && plainLevel(levels.get(3)) && levels.get(4).equals("commands");
        };
    }

    /**
     * @param filter the subscription's topic filter, {@code $share/{group}/...} for a shared one
     * @return whether the identity may subscribe to it
     */
    public static boolean maySubscribe(BrokerIdentity who, String filter) {
        if (who.kind() == BrokerIdentity.Kind.SERVICE) {
            return true;
        }
        String group = null;
        String inner = filter;
        if (filter.startsWith(SHARE_PREFIX)) {
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            if (slash < 0) {
                return false;
            }
            group = filter.substring(SHARE_PREFIX.length(), slash);
            inner = filter.substring(slash + 1);
        }
        List<String> levels = List.of(inner.split("/", -1));
        return switch (who.kind()) {
            case DEVICE -> group == null && levels.size() == 3 && levels.get(0).equals("devices")
                    && levels.get(1).equals(who.name()) && levels.get(2).equals("commands");
            case APP -> (group == null || group.equals(who.name())) && levels.size() >= 3
                    && levels.get(0).equals("apps") && levels.get(1).equals(who.name());
            case SERVICE -> true;
        };
    }

    /** A topic level that names one thing: not empty, no wildcard. */
    private static boolean plainLevel(String level) {
        return !level.isEmpty() && level.indexOf('+') < 0 && level.indexOf('#') < 0;
    }
}
