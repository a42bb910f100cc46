package dev.plinth.kit.metrics;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import dev.plinth.kit.control.FailureLog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many documents of a collection have each value of one field, as gauges: "nodes by state",
 * "deployments by status". One aggregation answers every value at once and is kept for a few
 * seconds, so a scrape costs one query however many gauges read it. When MongoDB does not answer,
 * the gauges keep their last values (NaN before the first answer) and one warning per outage is
 * logged.
 */
public final class FieldCounts {

    private static final Logger LOG = LoggerFactory.getLogger(FieldCounts.class);

    private final MongoCollection<Document> collection;
    private final String field;
    private final Bson filter;
    private final Duration freshFor;
    private final Clock clock;
    private final FailureLog failures;
    private Map<String, Long> last;
    private Instant readAt = Instant.EPOCH;

    /**
     * @param collection the collection
     * @param field      the field whose values are counted
     * @param filter     which documents count
     * @param freshFor   how long one reading serves the gauges
     * @param clock      the time
     */
    public FieldCounts(MongoCollection<Document> collection, String field, Bson filter, Duration freshFor, Clock clock) {
        this.collection = collection;
        this.field = field;
        this.filter = filter;
        this.freshFor = freshFor;
        this.clock = clock;
        String counted = collection.getNamespace().getCollectionName() + " by " + field;
        this.failures = new FailureLog(LOG, "cannot count " + counted + " for metrics; gauges keep their last values",
                "counting " + counted + " works again");
    }

    /**
     * Reads the counts now.
     *
     * @return the number of matching documents by value of the field; documents without the field
     *         are left out, values no document has are absent
     * @throws MongoException when MongoDB does not answer
     */
    public Map<String, Long> read() {
        Map<String, Long> counts = new TreeMap<>();
        List<Bson> pipeline = List.of(Aggregates.match(filter), Aggregates.group("$" + field, Accumulators.sum("n", 1)));
        for (Document group : collection.aggregate(pipeline)) {
            Object value = group.get("_id");
            if (value != null) {
                counts.merge(String.valueOf(value), ((Number) group.get("n")).longValue(), Long::sum);
            }
        }
        return counts;
    }

    /**
     * @param value a value of the field
     * @return how many documents have it, from a reading at most {@code freshFor} old; the last
     *         known count while MongoDB does not answer; NaN when it never answered
     */
    public synchronized double count(String value) {
        Instant now = clock.instant();
        if (last == null || !readAt.plus(freshFor).isAfter(now)) {
            try {
                last = read();
                failures.recovered();
            } catch (MongoException e) {
                failures.failed(e);
            }
            // A failed reading is not retried before freshFor either: a scrape must not wait on each gauge.
            readAt = now;
        }
        if (last == null) {
            return Double.NaN;
        }
        return last.getOrDefault(value, 0L);
    }

    /**
     * Registers one gauge per value, tagged {@code tagKey=value}.
     *
     * @param registry    the registry
     * @param name        the gauge's name, as {@code plinth.nodes}
     * @param description what it counts
     * @param tagKey      the tag naming the value, as {@code state}
     * @param values      every value to show, so a value with no document shows 0 rather than nothing
     */
    public void register(MeterRegistry registry, String name, String description, String tagKey, Collection<String> values) {
        for (String value : values) {
            Gauge.builder(name, this, counts -> counts.count(value))
                    .description(description)
                    .tag(tagKey, value)
                    .strongReference(true)
                    .register(registry);
        }
    }
}
