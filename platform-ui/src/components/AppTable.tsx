import { appLink } from '../api/apps';
import type { AppView } from '../api/types';
import { dateTime } from '../format';
import { href } from '../router';
import { StatusBadge } from './StatusBadge';

/** Apps with their deployment state, instances and link; the owner column is for admins. */
export function AppTable({ apps, showOwner = false, caption }: { readonly apps: readonly AppView[]; readonly showOwner?: boolean; readonly caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">App</th>
            {showOwner && <th scope="col">Owner</th>}
            <th scope="col">State</th>
            <th scope="col">Version</th>
            <th scope="col">Instances</th>
            <th scope="col">Link</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {apps.map((app) => {
            const d = app.deployment;
            return (
              <tr key={app.name}>
                <th scope="row">
                  <a href={href(`/apps/${encodeURIComponent(app.name)}`)}>{app.name}</a>
                  {app.description && <span className="cell-sub">{app.description}</span>}
                </th>
                {showOwner && <td>{app.owner}</td>}
                <td>
                  {d ? <StatusBadge state={d.status} /> : <StatusBadge state="STOPPED" text="Not deployed" />}
                  {d?.reason && <span className="cell-sub">{d.reason}</span>}
                </td>
                <td>
                  {d ? d.version : (app.latestVersion ?? '—')}
                  {d && app.latestVersion && d.version !== app.latestVersion && (
                    <span className="cell-sub">latest {app.latestVersion}</span>
                  )}
                </td>
                <td>{d ? d.desiredInstances : 0}</td>
                <td>
                  {d ? (
                    <a href={appLink(app.name)} target="_blank" rel="noopener">
                      Open<span className="visually-hidden"> {app.name} (new tab)</span>
                    </a>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>{dateTime(app.updatedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
