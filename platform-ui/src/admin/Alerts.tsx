import { useCallback, useState } from 'react';
import { acknowledgeAlert, listAlerts } from '../api/alerts';
import { metricsSummary } from '../api/metrics';
import type { Alert } from '../api/types';
import { ActionResult } from '../components/ActionResult';
import { Async, LastUpdated } from '../components/Async';
import { Page } from '../components/Page';
import { StatusBadge } from '../components/StatusBadge';
import { dateTime } from '../format';
import { useAction } from '../hooks/useAction';
import { usePolling } from '../hooks/usePolling';
import { href } from '../router';

export const ALERTS_POLL_MS = 5000;

function words(key: string): string {
  const spaced = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The monitor's summary: whatever figures it reports, as name and value. */
function Summary() {
  const summary = usePolling(metricsSummary, ALERTS_POLL_MS);
  return (
    <section className="section" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Platform summary</h2>
      <Async polled={summary} what="the metrics summary" isEmpty={(s) => !s || Object.keys(s).length === 0} empty={<p>No figures yet.</p>}>
        {(s) => (
          <dl className="facts">
            {Object.entries(s)
              .filter(([, v]) => ['number', 'string', 'boolean'].includes(typeof v))
              .map(([k, v]) => (
                <div key={k}>
                  <dt>{words(k)}</dt>
                  <dd>{String(v)}</dd>
                </div>
              ))}
          </dl>
        )}
      </Async>
    </section>
  );
}

/** Alerts raised by the monitor, newest first, with acknowledgement. */
export function Alerts() {
  const [openOnly, setOpenOnly] = useState(true);
  const alerts = usePolling(
    useCallback((signal: AbortSignal) => listAlerts(openOnly, signal), [openOnly]),
    ALERTS_POLL_MS,
  );
  const action = useAction();

  const ack = (alert: Alert) =>
    void action.run(() => acknowledgeAlert(alert.id), {
      key: alert.id,
      done: `Alert "${alert.message}" acknowledged.`,
      failed: 'Could not acknowledge',
      onDone: alerts.reload,
    });

  return (
    <Page title="Alerts" lead="What the monitor noticed: lost nodes, failing instances, unhealthy subsystems.">
      <Summary />
      <section className="section" aria-labelledby="alerts-heading">
        <div className="section-head">
          <h2 id="alerts-heading">{openOnly ? 'Open alerts' : 'All alerts'}</h2>
          <label className="choice">
            <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} /> Open alerts only
          </label>
        </div>
        <ActionResult message={action.message} />
        <Async
          polled={alerts}
          what="the alerts"
          isEmpty={(list) => list.length === 0}
          empty={<p>{openOnly ? 'No open alerts. Everything the monitor watches is fine.' : 'No alerts have been raised.'}</p>}
        >
          {(list) => (
            <>
              <ul className="alerts">
                {list.map((a) => (
                  <li key={a.id} className={`card alert alert--${a.severity.toLowerCase()}`}>
                    <div className="alert__head">
                      <StatusBadge state={a.severity} />
                      <strong>{a.message}</strong>
                    </div>
                    <p className="muted small">
                      {words(a.kind)} · {a.subject}
                      {a.app && (
                        <>
                          {' · app '}
                          <a href={href(`/apps/${encodeURIComponent(a.app)}`)}>{a.app}</a>
                        </>
                      )}{' '}
                      · raised {dateTime(a.raisedAt)}
                      {a.count > 1 ? ` · ${a.count} times, last ${dateTime(a.lastAt)}` : ''}
                    </p>
                    {a.acknowledged ? (
                      <p className="small">Acknowledged</p>
                    ) : (
                      <button type="button" className="button button--secondary button--small" disabled={action.isBusy(a.id)} onClick={() => ack(a)}>
                        Acknowledge<span className="visually-hidden"> {a.message}</span>
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              <LastUpdated at={alerts.updatedAt} />
            </>
          )}
        </Async>
      </section>
    </Page>
  );
}
