package dev.plinth.gateway.apps.endpoints;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.state.AppDocument;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.kit.control.FailureLog;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rebuilds the endpoint table from MongoDB at start and every few seconds
 * ({@code plinth.gateway.apps.resync-interval}), so that a status event the gateway missed (it was
 * down, Kafka was unreachable) never leaves a stale route for long.
 */
@Singleton
public class EndpointResync {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointResync.class);
    private static final String HEALTHY = InstanceState.HEALTHY.name();

    private final AppEndpoints endpoints;
    private final MongoCollection<Document> instances;
    private final MongoCollection<Document> apps;
    private final Clock clock = Clock.systemUTC();
    private final FailureLog mongo = new FailureLog(LOG,
            "cannot read app routes from MongoDB, routing on status events alone until it answers",
            "app routes are read from MongoDB again");

    public EndpointResync(AppEndpoints endpoints, MongoDatabase database) {
        this.endpoints = endpoints;
        this.instances = database.getCollection(Collections.INSTANCES);
        this.apps = database.getCollection(Collections.APPS);
    }

    /** Reads MongoDB and replaces the table's stored view; logs once while MongoDB is unreachable. */
    @Scheduled(fixedDelay = "${plinth.gateway.apps.resync-interval:5s}", initialDelay = "0s")
    public void resync() {
        try {
            endpoints.resync(read());
            mongo.recovered();
        } catch (RuntimeException e) {
            // The table keeps what it knows and events keep changing it; the next pass retries.
            mongo.failed(e);
        }
    }

    /** @return what MongoDB says now */
    public AppEndpoints.StoreSnapshot read() {
        Instant readAt = clock.instant();
        List<Endpoint> healthy = new ArrayList<>();
        Set<String> stopping = new HashSet<>();
        for (Document d : instances.find(Filters.or(
                        Filters.eq(InstanceDocument.STATE, HEALTHY),
                        Filters.and(Filters.eq(InstanceDocument.DESIRED, InstanceDocument.STOP),
                                Filters.nin(InstanceDocument.STATE, InstanceDocument.TERMINAL))))
                .projection(Projections.include(InstanceDocument.APP, InstanceDocument.DESIRED, InstanceDocument.STATE,
                        InstanceDocument.ADDRESS, InstanceDocument.PORT))) {
            InstanceDocument i = InstanceDocument.read(d);
            if (InstanceDocument.STOP.equals(i.desired())) {
                stopping.add(i.id());
            } else if (InstanceDocument.RUN.equals(i.desired()) && HEALTHY.equals(i.state())
                    && i.app() != null && i.address() != null && i.port() != null) {
                healthy.add(new Endpoint(i.id(), i.app(), i.address(), i.port()));
            }
        }
        Set<String> names = new HashSet<>();
        for (Document d : apps.find().projection(Projections.include(AppDocument.ID))) {
            names.add(AppDocument.read(d).name());
        }
        return new AppEndpoints.StoreSnapshot(healthy, stopping, names, readAt);
    }
}
