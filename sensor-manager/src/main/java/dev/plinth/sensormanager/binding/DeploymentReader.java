package dev.plinth.sensormanager.binding;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.plinth.contracts.descriptor.ControllerRequirement;
import dev.plinth.contracts.descriptor.SensorRequirement;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.contracts.state.DescriptorDocument;
import dev.plinth.contracts.state.VersionDocument;
import dev.plinth.sensormanager.registry.DeviceKind;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
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
        for (Document doc : deployments.find(Filters.eq(DeploymentDocument.ACTIVE, true))
                .projection(Projections.include(DeploymentDocument.APP, DeploymentDocument.OWNER, DeploymentDocument.VERSION))) {
            DeploymentDocument d = DeploymentDocument.read(doc);
            String id = d.id();
            String app = d.app();
            String version = d.version();
            String owner = d.owner();
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
        String versionId = VersionDocument.idOf(app, version);
        List<Requirement> cached = requirementsByVersion.get(versionId);
        if (cached != null) {
            return cached;
        }
        Document v = versions.find(Filters.eq(VersionDocument.ID, versionId)).projection(Projections.include(VersionDocument.DESCRIPTOR)).first();
        Document descriptor = v == null ? null : VersionDocument.read(v).descriptor();
        if (descriptor == null) {
            LOG.debug("version {} of an active deployment is not in versions", versionId);
            return null;
        }
        List<Requirement> requirements = fromDescriptor(descriptor);
        requirementsByVersion.put(versionId, requirements);
        return requirements;
    }

    /** @return the requirements of a descriptor document, sensors first, in descriptor order */
    static List<Requirement> fromDescriptor(Document descriptor) {
        List<Requirement> out = new ArrayList<>();
        for (SensorRequirement s : DescriptorDocument.sensors(descriptor)) {
            out.add(new Requirement(s.name(), DeviceKind.SENSOR, s.type(), s.where(), s.count(), s.delivery()));
        }
        for (ControllerRequirement c : DescriptorDocument.controllers(descriptor)) {
            out.add(new Requirement(c.name(), DeviceKind.CONTROLLER, c.type(), c.where(), c.count(), null));
        }
        return out;
    }
}
