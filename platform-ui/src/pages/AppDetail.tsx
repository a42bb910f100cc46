import { useCallback } from 'react';
import { appLink, getApp } from '../api/apps';
import { cancelSchedule, deploy, listDeployments, listSchedules, stopDeployment } from '../api/deployments';
import { ApiError } from '../api/http';
import type { DeploymentView, ScheduleView, VersionView } from '../api/types';
import { listVersions } from '../api/versions';
import { ActionResult } from '../components/ActionResult';
import { Async, ErrorState, LastUpdated, Loading } from '../components/Async';
import { Page } from '../components/Page';
import { StatusBadge } from '../components/StatusBadge';
import { bytes, dateTime, plural } from '../format';
import { useAction } from '../hooks/useAction';
import { usePolling } from '../hooks/usePolling';
import { href } from '../router';
import { BoundSensors } from './app/BoundSensors';
import { LogViewer } from './app/LogViewer';
import { ScheduleForm } from './app/ScheduleForm';

export const DETAIL_POLL_MS = 3000;

/** The version uploaded just before `current` (versions come newest first), if any. */
export function previousVersion(versions: readonly VersionView[], current: string): string | null {
  const i = versions.findIndex((v) => v.version === current);
  return i >= 0 && i + 1 < versions.length ? versions[i + 1].version : null;
}

function Instances({ deployment }: { readonly deployment: DeploymentView }) {
  const live = deployment.instances;
  if (live.length === 0) {
    return <p className="muted">No instances yet: the platform is placing them.</p>;
  }
  const healthy = live.filter((i) => i.state === 'HEALTHY').length;
  return (
    <>
      <p>
        {healthy} of {deployment.desiredInstances} desired instance{deployment.desiredInstances === 1 ? '' : 's'} healthy.
      </p>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Instances of this deployment</caption>
          <thead>
            <tr>
              <th scope="col">Instance</th>
              <th scope="col">Node</th>
              <th scope="col">Health</th>
              <th scope="col">Version</th>
              <th scope="col">Port</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {live.map((i) => (
              <tr key={i.id}>
                <th scope="row">
                  <code>{i.id}</code>
                </th>
                <td>{i.node ?? <span className="muted">not placed</span>}</td>
                <td>
                  <StatusBadge state={i.state} />
                  {i.desired === 'STOP' && <span className="cell-sub">stopping</span>}
                </td>
                <td>{i.version}</td>
                <td>{i.port ?? '—'}</td>
                <td>{i.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Deployment({
  app,
  deployments,
  versions,
  onChange,
}: {
  readonly app: string;
  readonly deployments: readonly DeploymentView[];
  readonly versions: readonly VersionView[];
  readonly onChange: () => void;
}) {
  const action = useAction();
  const busy = action.busy;
  const active = deployments.find((d) => d.active);
  const history = deployments.filter((d) => d !== active);

  const act = (what: string, task: () => Promise<unknown>, done: string) =>
    void action.run(task, { done, failed: `Could not ${what}`, onDone: onChange });

  const previous = active ? previousVersion(versions, active.version) : null;

  return (
    <>
      {active ? (
        <div className="deployment">
          <dl className="facts">
            <div>
              <dt>State</dt>
              <dd>
                <StatusBadge state={active.status} />
              </dd>
            </div>
            <div>
              <dt>Version</dt>
              <dd>{active.version}</dd>
            </div>
            <div>
              <dt>Desired instances</dt>
              <dd>{active.desiredInstances}</dd>
            </div>
            <div>
              <dt>Since</dt>
              <dd>{dateTime(active.statusAt ?? active.updatedAt)}</dd>
            </div>
            {active.stableVersion && active.stableVersion !== active.version && (
              <div>
                <dt>Last stable version</dt>
                <dd>{active.stableVersion}</dd>
              </div>
            )}
          </dl>
          {active.reason && <p className="note note--warn">{active.reason}</p>}
          <div className="actions">
            <a className="button" href={appLink(app)} target="_blank" rel="noopener">
              Open the app<span className="visually-hidden"> (new tab)</span>
            </a>
            {previous && (
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                onClick={() => {
                  if (!window.confirm(`Roll ${app} back to version ${previous}? Its instances are replaced one by one.`)) return;
                  act(
                    'roll back',
                    () => deploy(app, { version: previous }),
                    `Rolling back to version ${previous}.`,
                  );
                }}
              >
                Roll back to {previous}
              </button>
            )}
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              onClick={() => {
                if (!window.confirm(`Stop ${app}? Every instance is stopped and its link stops answering.`)) return;
                act(
                  'stop the deployment',
                  () => stopDeployment(app, active.id),
                  `Stopping ${app}.`,
                );
              }}
            >
              Stop
            </button>
          </div>
          <ActionResult message={action.message} />
          <h3>Instances</h3>
          <Instances deployment={active} />
        </div>
      ) : (
        <p>
          Not deployed. {versions.length > 0 ? 'Deploy a version with the form below.' : 'Upload a version first.'}
        </p>
      )}
      {history.length > 0 && (
        <details className="history">
          <summary>Earlier deployments ({history.length})</summary>
          <ul>
            {history.map((d) => (
              <li key={d.id}>
                {d.version} · <StatusBadge state={d.status} /> · {dateTime(d.statusAt ?? d.updatedAt)}
                {d.reason ? ` · ${d.reason}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function Schedules({ app, schedules, onChange }: { readonly app: string; readonly schedules: readonly ScheduleView[]; readonly onChange: () => void }) {
  const action = useAction();
  if (schedules.length === 0) return <p className="muted">No schedules.</p>;
  const cancel = (s: ScheduleView) => {
    if (!window.confirm(`Cancel the schedule for version ${s.version}? What it started keeps running.`)) return;
    void action.run(() => cancelSchedule(app, s.id), {
      key: s.id,
      done: (answer) => answer ?? 'Schedule cancelled.',
      failed: 'Could not cancel',
      onDone: onChange,
    });
  };
  return (
    <>
      <ActionResult message={action.message} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Schedules</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Next run</th>
              <th scope="col">Runs</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {schedules.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  {s.kind === 'AT' ? (
                    <>once at {dateTime(s.at)}</>
                  ) : (
                    <>
                      <code>{s.cron}</code> ({s.zone ?? 'UTC'})
                      {s.durationSeconds ? <span className="cell-sub">each run {Math.round(s.durationSeconds / 60)} min</span> : null}
                      {s.until ? <span className="cell-sub">until {dateTime(s.until)}</span> : null}
                    </>
                  )}
                </th>
                <td>
                  {s.version} × {s.instances}
                </td>
                <td>
                  <StatusBadge state={s.state} />
                </td>
                <td>{s.nextFireAt ? dateTime(s.nextFireAt) : '—'}</td>
                <td>
                  {s.fired.length}
                  {s.fired.some((f) => f.error) && (
                    <span className="cell-sub">last error: {s.fired.filter((f) => f.error).slice(-1)[0].error}</span>
                  )}
                </td>
                <td>
                  {s.state === 'ACTIVE' && (
                    <button type="button" className="button button--secondary button--small" disabled={action.isBusy(s.id)} onClick={() => cancel(s)}>
                      Cancel<span className="visually-hidden"> schedule for {s.version}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Versions({ versions }: { readonly versions: readonly VersionView[] }) {
  if (versions.length === 0) return <p className="muted">No versions.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Versions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Uploaded</th>
            <th scope="col">Size</th>
            <th scope="col">Runs on</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <th scope="row">{v.version}</th>
              <td>{dateTime(v.uploadedAt)}</td>
              <td>
                {bytes(v.sizeBytes)} <span className="cell-sub">{plural(v.entryCount, 'file')}</span>
              </td>
              <td>{(v.runtimes ?? []).join(', ')}</td>
              <td>{v.description ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One app: its deployment and instances, deploying and scheduling, versions, sensors and logs. */
export function AppDetail({ params }: { readonly params: Record<string, string> }) {
  const name = params.name;
  const app = usePolling(useCallback((signal: AbortSignal) => getApp(name, signal), [name]), DETAIL_POLL_MS);
  const deployments = usePolling(useCallback((signal: AbortSignal) => listDeployments(name, signal), [name]), DETAIL_POLL_MS);
  const versions = usePolling(useCallback((signal: AbortSignal) => listVersions(name, signal), [name]), 10000);
  const schedules = usePolling(useCallback((signal: AbortSignal) => listSchedules(name, signal), [name]), 5000);

  const refreshAll = () => {
    app.reload();
    deployments.reload();
    schedules.reload();
  };

  if (app.data === undefined) {
    if (app.error instanceof ApiError && app.error.status === 404) {
      return (
        <Page title="App not found">
          <div className="state state--error" role="alert">
            <p className="state__title">There is no app named {name}.</p>
            <p>
              It may have been deleted, or it belongs to someone else. Back to <a href={href('/')}>your apps</a>.
            </p>
          </div>
        </Page>
      );
    }
    return (
      <Page title={name}>
        {app.error ? <ErrorState error={app.error} what="this app" onRetry={app.reload} /> : <Loading label="Loading the app…" />}
      </Page>
    );
  }

  const view = app.data;
  return (
    <Page
      title={view.name}
      lead={view.description ?? undefined}
      actions={
        <a className="button button--secondary" href={href('/upload')}>
          Upload a new version
        </a>
      }
    >
      <p className="muted">
        Owner {view.owner} · latest version {view.latestVersion ?? '—'} · link{' '}
        <a href={appLink(view.name)} target="_blank" rel="noopener">
          {new URL(appLink(view.name), window.location.origin).href}
        </a>
      </p>

      <section className="section" aria-labelledby="deployment-heading">
        <h2 id="deployment-heading">Deployment</h2>
        <Async polled={deployments} what="the deployments">
          {(list) => <Deployment app={name} deployments={list} versions={versions.data ?? []} onChange={refreshAll} />}
        </Async>
        <LastUpdated at={deployments.updatedAt} />
      </section>

      <section className="section card" aria-labelledby="deploy-heading">
        <h2 id="deploy-heading">Deploy or schedule</h2>
        <Async polled={versions} what="the versions">
          {(list) => <ScheduleForm app={name} versions={list} onDone={refreshAll} />}
        </Async>
      </section>

      <section className="section" aria-labelledby="schedules-heading">
        <h2 id="schedules-heading">Schedules</h2>
        <Async polled={schedules} what="the schedules">
          {(list) => <Schedules app={name} schedules={list} onChange={refreshAll} />}
        </Async>
      </section>

      <section className="section" aria-labelledby="sensors-heading">
        <h2 id="sensors-heading">Bound sensors</h2>
        <BoundSensors app={name} />
      </section>

      <section className="section" aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        <Async polled={versions} what="the versions">
          {(list) => <Versions versions={list} />}
        </Async>
      </section>

      <section className="section" aria-labelledby="logs-heading">
        <h2 id="logs-heading">Logs</h2>
        <LogViewer app={name} />
      </section>
    </Page>
  );
}
