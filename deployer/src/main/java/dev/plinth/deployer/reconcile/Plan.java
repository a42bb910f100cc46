package dev.plinth.deployer.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile pass decided for one deployment.
 *
 * @param actions   what to write, in order: deployment changes first, then instance stops, then creations
 * @param recheckAt when the same snapshot would yield a different plan without any event (a
 *                  backoff ends, a grace period runs out), or null when only a change can
 */
public record Plan(List<Action> actions, Instant recheckAt) {

    public Plan {
        actions = List.copyOf(actions);
    }

    /** @return true when nothing needs writing */
    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /** @return the actions of one type, in plan order */
    public <A extends Action> List<A> actions(Class<A> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** @return the status change in this plan, if any */
    public Optional<Action.SetStatus> statusChange() {
        return actions(Action.SetStatus.class).stream().findFirst();
    }

    /** @return the rollback in this plan, if any */
    public Optional<Action.Rollback> rollback() {
        return actions(Action.Rollback.class).stream().findFirst();
    }
}
