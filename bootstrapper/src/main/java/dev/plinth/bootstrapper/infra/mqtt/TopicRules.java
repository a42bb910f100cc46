package dev.plinth.bootstrapper.infra.mqtt;

import dev.plinth.contracts.state.MqttTopics;

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

    private TopicRules() {
    }

    /** @return whether the identity may publish on the topic */
    public static boolean mayPublish(BrokerIdentity who, String topic) {
        return switch (who.kind()) {
            case SERVICE -> true;
            case DEVICE -> MqttTopics.telemetryDevice(topic).filter(who.name()::equals).isPresent();
            case APP -> MqttTopics.appCommandsOf(topic).filter(t -> t.app().equals(who.name())).isPresent();
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
        MqttTopics.Subscription subscription = MqttTopics.subscription(filter).orElse(null);
        if (subscription == null) {
            return false;
        }
        String group = subscription.group();
        return switch (who.kind()) {
            case DEVICE -> group == null && MqttTopics.commandsDevice(subscription.filter()).filter(who.name()::equals).isPresent();
            case APP -> (group == null || group.equals(who.name()))
                    && MqttTopics.appOf(subscription.filter()).filter(who.name()::equals).isPresent();
            case SERVICE -> true;
        };
    }
}
