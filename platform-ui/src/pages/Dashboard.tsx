import { listApps } from '../api/apps';
import { CONTRACT_URL } from '../api/contract';
import type { AppView } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { AppTable } from '../components/AppTable';
import { Async, LastUpdated } from '../components/Async';
import { Page } from '../components/Page';
import { HealthStatus } from '../HealthStatus';
import { usePolling } from '../hooks/usePolling';
import { href } from '../router';

export const APPS_POLL_MS = 5000;

/** The developer's apps with their state, instances and link, refreshed every few seconds. */
export function Dashboard() {
  const { user, isAdmin } = useAuth();
  const apps = usePolling(listApps, APPS_POLL_MS);
  // An admin's list holds every app; the dashboard keeps to their own.
  const mine = (list: AppView[]) => (isAdmin ? list.filter((a) => a.owner === user?.username) : list);

  return (
    <Page
      title="My apps"
      lead="Your apps, their deployment state and where they are reached."
      actions={
        <a className="button" href={href('/upload')}>
          Upload an app
        </a>
      }
    >
      <section aria-labelledby="apps-heading" className="section">
        <h2 id="apps-heading" className="visually-hidden">
          Apps
        </h2>
        <Async
          polled={apps}
          what="your apps"
          isEmpty={(list) => mine(list).length === 0}
          empty={
            <>
              <p className="state__title">You have no apps yet.</p>
              <p>
                Download the <a href={href('/contract')}>app developer contract</a> with its example app, then{' '}
                <a href={href('/upload')}>upload your first package</a>.
              </p>
            </>
          }
        >
          {(list) => (
            <>
              <AppTable apps={mine(list)} caption="Your apps" />
              <LastUpdated at={apps.updatedAt} />
            </>
          )}
        </Async>
      </section>
      <div className="grid">
        <HealthStatus />
        <section className="card" aria-labelledby="start-heading">
          <h2 id="start-heading">Build an app</h2>
          <p>
            The app developer contract describes the descriptor an app ships with, how the platform runs it and how it
            reads its sensors.
          </p>
          <ul className="links">
            <li>
              <a href={CONTRACT_URL}>Download the app developer contract</a>
            </li>
            <li>
              <a href={href('/upload')}>Upload a package</a>
            </li>
          </ul>
        </section>
      </div>
    </Page>
  );
}
