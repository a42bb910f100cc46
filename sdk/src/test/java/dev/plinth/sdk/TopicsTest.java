package dev.plinth.sdk;

import dev.plinth.contracts.state.MqttTopics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SDK spells the app side's topics itself, so that apps do not get the platform's dependencies;
 * these cases hold it to the platform's spelling ({@link MqttTopics}).
 */
class TopicsTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"speed-alert, speed", "a, b", "app-1, sensor_2"})
    void theSdkSpellsEveryTopicAsThePlatformDoes(String app, String name) {
        assertEquals(MqttTopics.appSensor(app, name), Topics.sensors(app, name));
        assertEquals(MqttTopics.shared(app, MqttTopics.appSensor(app, name)), Topics.shared(app, Topics.sensors(app, name)));
        assertEquals(MqttTopics.appCommands(app, name), Topics.commands(app, name));
        assertEquals(MqttTopics.appRejected(app, name), Topics.rejected(app, name));
    }
}
