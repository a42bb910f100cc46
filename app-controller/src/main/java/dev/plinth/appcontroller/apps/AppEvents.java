package dev.plinth.appcontroller.apps;

import dev.plinth.contracts.events.AppEvent;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.UUID;

/**
 * Announces what happened to apps and versions. The records in MongoDB are the truth and the
 * events only tell others to look, so a publishing failure is logged and the request still
 * succeeds: readers resync from MongoDB.
 */
@Singleton
public class AppEvents {

    private static final Logger LOG = LoggerFactory.getLogger(AppEvents.class);

    private final AppEventsClient client;
    private final Clock clock;

    public AppEvents(AppEventsClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** A version was stored and can be deployed. */
    public void versionReady(VersionRecord v) {
        publish(AppEvent.Type.VERSION_READY, v.app(), v.owner(), v.version(), v.sha256());
    }

    /** A version was deleted. */
    public void versionDeleted(VersionRecord v) {
        publish(AppEvent.Type.VERSION_DELETED, v.app(), v.owner(), v.version(), null);
    }

    /** An app and all its versions were deleted. */
    public void appDeleted(AppRecord app) {
        publish(AppEvent.Type.APP_DELETED, app.name(), app.owner(), null, null);
    }

    private void publish(AppEvent.Type type, String app, String owner, @Nullable String version, @Nullable String sha256) {
        AppEvent event = new AppEvent(UUID.randomUUID().toString(), type, app, owner, version, sha256, clock.instant());
        try {
            client.send(app, event);
        } catch (RuntimeException e) {
            LOG.warn("could not publish {} for app {} on Kafka (the change is saved; readers resync): {}",
                    type, app, e.getMessage());
        }
    }
}
