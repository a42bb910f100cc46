package dev.plinth.appcontroller.store;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import dev.plinth.contracts.state.AppDocument;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.contracts.state.VersionDocument;
import dev.plinth.kit.control.FailureLog;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Creates the indexes the app-controller's queries need, right after start (in the background, so a
 * slow MongoDB does not hold the start up). Creating an index that exists is a no-op, so every
 * process does it every time. When MongoDB is not reachable yet, it tries again every 10 seconds
 * until it succeeds, logging the failure once.
 */
@Singleton
@Requires(property = "mongodb.uri")
public class IndexSetup {

    private static final Logger LOG = LoggerFactory.getLogger(IndexSetup.class);

    /** Collection to the indexes it gets. */
    static final Map<String, List<IndexModel>> INDEXES = Map.of(
            Collections.APPS, List.of(new IndexModel(Indexes.ascending(AppDocument.OWNER))),
            Collections.VERSIONS, List.of(
                    new IndexModel(Indexes.compoundIndex(Indexes.ascending(VersionDocument.APP), Indexes.descending(VersionDocument.UPLOADED_AT))),
                    new IndexModel(Indexes.ascending(VersionDocument.SHA256))),
            Collections.DEPLOYMENTS, List.of(
                    new IndexModel(Indexes.compoundIndex(Indexes.ascending(DeploymentDocument.APP), Indexes.ascending(DeploymentDocument.ACTIVE)))),
            Collections.SCHEDULES, List.of(
                    new IndexModel(Indexes.compoundIndex(Indexes.ascending("state"), Indexes.ascending("nextFireAt"))),
                    new IndexModel(Indexes.ascending("app"))));

    private final Database database;
    private volatile boolean done;
    private final FailureLog failures = new FailureLog(LOG, "cannot create the app-controller's indexes yet, trying again every 10 s",
            "app-controller indexes created");

    public IndexSetup(Database database) {
        this.database = database;
    }

    @Scheduled(fixedDelay = "10s", initialDelay = "0s")
    void createUntilDone() {
        if (!done) {
            ensure();
        }
    }

    /** Creates every index; @return whether they all exist now */
    public boolean ensure() {
        try {
            INDEXES.forEach((collection, indexes) -> database.collection(collection).createIndexes(indexes));
            done = true;
            failures.recovered();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
        return done;
    }
}
