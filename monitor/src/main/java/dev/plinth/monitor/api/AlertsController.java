package dev.plinth.monitor.api;

import dev.plinth.kit.security.Roles;
import dev.plinth.monitor.alerts.AlertQuery;
import dev.plinth.monitor.alerts.AlertStore;
import dev.plinth.monitor.alerts.AlertView;
import dev.plinth.monitor.alerts.StoredAlert;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.time.Instant;

/**
 * Alerts.
 *
 * <ul>
 *   <li>{@code GET /api/alerts?open=&kind=&app=&limit=} — {@code {alerts: [...]}}, the most recently
 *       raised first; {@code open=true} only alerts nobody acknowledged whose trouble lasts,
 *       {@code open=false} only acknowledged or resolved ones. Invalid parameters answer 400 with a
 *       problem each.</li>
 *   <li>{@code GET /api/alerts/{id}} — one alert.</li>
 *   <li>{@code POST /api/alerts/{id}/ack} — acknowledges it (again changes nothing) and answers it.</li>
 * </ul>
 * What a caller may see and acknowledge is decided by {@link AlertAccess}: admins everything,
 * developers their apps' alerts.
 */
@Controller("/api/alerts")
@Secured({Roles.DEVELOPER, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertsController {

    private final AlertStore store;
    private final AlertAccess access;

    public AlertsController(AlertStore store, AlertAccess access) {
        this.store = store;
        this.access = access;
    }

    @Get
    public AlertList list(@Nullable @QueryValue String open, @Nullable @QueryValue String kind,
                          @Nullable @QueryValue String app, @Nullable @QueryValue String limit, Authentication caller) {
        AlertQuery query = access.restrict(new AlertQueryParams(open, kind, app, limit).toQuery(), caller);
        return new AlertList(store.find(query).stream().map(AlertView::of).toList());
    }

    @Get("/{id}")
    public AlertView get(@PathVariable String id, Authentication caller) {
        return AlertView.of(visible(id, caller));
    }

    @Post("/{id}/ack")
    public AlertView acknowledge(@PathVariable String id, Authentication caller) {
        visible(id, caller);
        StoredAlert acknowledged = store.acknowledge(id, caller.getName(), Instant.now())
                .orElseThrow(() -> AlertAccess.notFound(id));
        return AlertView.of(acknowledged);
    }

    private StoredAlert visible(String id, Authentication caller) {
        StoredAlert alert = store.find(id).orElseThrow(() -> AlertAccess.notFound(id));
        return access.visible(alert, caller);
    }
}
