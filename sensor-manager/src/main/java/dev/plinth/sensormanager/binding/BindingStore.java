package dev.plinth.sensormanager.binding;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.plinth.contracts.state.Collections;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The {@code bindings} collection, one document per requirement of an active deployment. */
@Singleton
public class BindingStore {

    private static final Logger LOG = LoggerFactory.getLogger(BindingStore.class);

    private final MongoCollection<Document> bindings;

    public BindingStore(MongoDatabase database) {
        this.bindings = database.getCollection(Collections.BINDINGS);
    }

    /** @return every binding */
    public List<Binding> all() {
        return read(bindings.find());
    }

    /** @return the bindings of an app */
    public List<Binding> ofApp(String app) {
        return read(bindings.find(Filters.eq("app", app)));
    }

    private static List<Binding> read(Iterable<Document> docs) {
        List<Binding> out = new ArrayList<>();
        for (Document doc : docs) {
            try {
                out.add(Binding.fromDocument(doc));
            } catch (RuntimeException e) {
                LOG.warn("ignoring an invalid document in {}: {}", Collections.BINDINGS, e.getMessage());
            }
        }
        return out;
    }

    /** Writes a binding, replacing what its id held. */
    public void save(Binding binding) {
        bindings.replaceOne(Filters.eq("_id", binding.id()), binding.toDocument(), new ReplaceOptions().upsert(true));
    }

    /** Removes bindings by id. */
    public void delete(Collection<String> ids) {
        if (!ids.isEmpty()) {
            bindings.deleteMany(Filters.in("_id", List.copyOf(ids)));
        }
    }
}
