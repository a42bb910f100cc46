package dev.plinth.monitor.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the monitor heard from one kind of heartbeating source (nodes, or subsystems), by name, and
 * which of them are alerted. No I/O and no clock: the caller passes the times, and
 * {@link SilenceRule} decides. Safe to use from the Kafka thread and the checking thread at once.
 */
public final class HeartbeatTracker {

    /**
     * One source.
     *
     * @param name           its name
     * @param lastHeardAt    when its last heartbeat arrived (monitor's clock), or null
     * @param lastSentAt     when its last heartbeat was sent (its own clock), or null
     * @param healthy        whether its last heartbeat said healthy
     * @param unhealthySince when its current run of unhealthy heartbeats began, or null
     * @param alerting       whether it is alerted
     */
    public record Source(String name, Instant lastHeardAt, Instant lastSentAt, boolean healthy, Instant unhealthySince,
                         boolean alerting) {

        SilenceRule.Track track() {
            return new SilenceRule.Track(lastHeardAt, unhealthySince, alerting);
        }

        /** @return how far behind its last heartbeat is at {@code now} (by its own timestamp), or null */
        public Duration lag(Instant now) {
            return lastSentAt == null ? null : Duration.between(lastSentAt, now);
        }
    }

    /**
     * A decision the checker should carry out.
     *
     * @param source  the source as it was judged
     * @param verdict what to do
     */
    public record Due(Source source, SilenceRule.Verdict verdict) {
    }

    private final Map<String, Source> sources = new TreeMap<>();

    /**
     * Records a heartbeat.
     *
     * @return true when the source is new to this tracker
     */
    public synchronized boolean heard(String name, boolean healthy, Instant sentAt, Instant heardAt) {
        Source before = sources.get(name);
        Instant unhealthySince = healthy ? null
                : before != null && before.unhealthySince() != null ? before.unhealthySince() : heardAt;
        sources.put(name, new Source(name, heardAt, sentAt, healthy, unhealthySince, before != null && before.alerting()));
        return before == null;
    }

    /** Notes a source alerted before this monitor knew it (an alert still open in the store). */
    public synchronized void alreadyAlerted(String name) {
        Source before = sources.get(name);
        if (before == null) {
            sources.put(name, new Source(name, null, null, false, null, true));
        } else if (!before.alerting()) {
            sources.put(name, withAlerting(before, true));
        }
    }

    /** @return the sources whose verdict at {@code now} is to raise or to resolve */
    public synchronized List<Due> due(Instant now, Duration after) {
        List<Due> due = new ArrayList<>();
        for (Source source : sources.values()) {
            SilenceRule.Verdict verdict = SilenceRule.judge(source.track(), now, after);
            if (verdict.change() != SilenceRule.Change.NONE) {
                due.add(new Due(source, verdict));
            }
        }
        return due;
    }

    /** Records that a source is alerted, or no longer. */
    public synchronized void setAlerting(String name, boolean alerting) {
        Source before = sources.get(name);
        if (before != null) {
            sources.put(name, withAlerting(before, alerting));
        }
    }

    /** @return every source, by name */
    public synchronized List<Source> sources() {
        return List.copyOf(sources.values());
    }

    /** @return one source, or null */
    public synchronized Source source(String name) {
        return sources.get(name);
    }

    private static Source withAlerting(Source s, boolean alerting) {
        return new Source(s.name(), s.lastHeardAt(), s.lastSentAt(), s.healthy(), s.unhealthySince(), alerting);
    }
}
