package dev.plinth.sensormanager.binding;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.plinth.contracts.state.Collections;
import dev.plinth.sensormanager.registry.DeviceKind;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads app-controller's records: active deployments ({@code deployments} with {@code active: true})
 * and the sensor and controller requirements of the version each runs ({@code versions},
 * {@code descriptor.sensors} and {@code descriptor.controllers}). Versions never change once
 * uploaded, so their requirements are cached.
 */
@Singleton
public class DeploymentReader {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentReader.class);

    private final MongoCollection<Document> deployments;
    private final MongoCollection<Document> versions;
    private final Map<String, List<Requirement>> requirementsByVersion = new ConcurrentHashMap<>();

    public DeploymentReader(MongoDatabase database) {
        this.deployments = database.getCollection(Collections.DEPLOYMENTS);
        this.versions = database.getCollection(Collections.VERSIONS);
    }

    /** @return every active deployment whose version is known, by id */
    public List<ActiveDeployment> active() {
        List<ActiveDeployment> out = new ArrayList<>();
        for (Document d : deployments.find(Filters.eq("active", true)).projection(Projections.include("app", "owner", "version"))) {
            String id = String.valueOf(d.get("_id"));
            String app = d.getString("app");
            String version = d.getString("version");
            String owner = d.getString("owner");
            // Without an owner nobody's devices are within reach: bind nothing rather than anything.
            if (app == null || version == null || owner == null) {
                continue;
            }
            List<Requirement> requirements = requirements(app, version);
            if (requirements != null) {
                out.add(new ActiveDeployment(id, app, owner, version, requirements));
            }
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    /** @return the version's requirements, or null when the version is not found */
    private List<Requirement> requirements(String app, String version) {
        String versionId = app + "@" + version;
        List<Requirement> cached = requirementsByVersion.get(versionId);
        if (cached != null) {
            return cached;
        }
        Document v = versions.find(Filters.eq("_id", versionId)).projection(Projections.include("descriptor")).first();
        if (v == null || v.get("descriptor", Document.class) == null) {
            LOG.debug("version {} of an active deployment is not in versions", versionId);
            return null;
        }
        List<Requirement> requirements = fromDescriptor(v.get("descriptor", Document.class));
        requirementsByVersion.put(versionId, requirements);
        return requirements;
    }

    /** @return the requirements of a descriptor document, sensors first, in descriptor order */
    static List<Requirement> fromDescriptor(Document descriptor) {
        List<Requirement> out = new ArrayList<>();
        for (Document s : descriptor.getList("sensors", Document.class, List.of())) {
            out.add(new Requirement(s.getString("name"), DeviceKind.SENSOR, s.getString("type"), labels(s),
                    s.getInteger("count", 1), s.getString("delivery") == null ? "shared" : s.getString("delivery")));
        }
        for (Document c : descriptor.getList("controllers", Document.class, List.of())) {
            out.add(new Requirement(c.getString("name"), DeviceKind.CONTROLLER, c.getString("type"), labels(c),
                    c.getInteger("count", 1), null));
        }
        return out;
    }

    private static Map<String, String> labels(Document requirement) {
        Map<String, String> where = new LinkedHashMap<>();
        Document w = requirement.get("where", Document.class);
        if (w != null) {
            w.forEach((k, v) -> where.put(k, String.valueOf(v)));
        }
        return where;
    }
}
