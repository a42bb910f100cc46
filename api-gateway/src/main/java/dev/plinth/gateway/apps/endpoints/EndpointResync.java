package dev.plinth.gateway.apps.endpoints;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.plinth.contracts.state.Collections;
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
    private static final List<String> ENDED = List.of("EXITED", "STOPPED", "FAILED");

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
                        Filters.eq("state", "HEALTHY"),
                        Filters.and(Filters.eq("desired", "STOP"), Filters.nin("state", ENDED))))
                .projection(Projections.include("app", "desired", "state", "address", "port"))) {
            String id = String.valueOf(d.get("_id"));
            String desired = d.getString("desired");
            if ("STOP".equals(desired)) {
                stopping.add(id);
            } else if ("RUN".equals(desired) && "HEALTHY".equals(d.getString("state"))
                    && d.getString("app") != null && d.getString("address") != null && d.get("port") instanceof Number port) {
                healthy.add(new Endpoint(id, d.getString("app"), d.getString("address"), port.intValue()));
            }
        }
        Set<String> names = new HashSet<>();
        for (Document d : apps.find().projection(Projections.include("_id"))) {
            names.add(String.valueOf(d.get("_id")));
        }
        return new AppEndpoints.StoreSnapshot(healthy, stopping, names, readAt);
    }
}
