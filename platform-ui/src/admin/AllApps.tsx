import { listApps } from '../api/apps';
import { AppTable } from '../components/AppTable';
import { Async, LastUpdated } from '../components/Async';
import { Page } from '../components/Page';
import { usePolling } from '../hooks/usePolling';
import { APPS_POLL_MS } from '../pages/Dashboard';

/** Every app on the platform, whoever owns it. */
export function AllApps() {
  const apps = usePolling(listApps, APPS_POLL_MS);
  return (
    <Page title="All apps" lead="Every app on the platform, with its owner and deployment state.">
      <Async polled={apps} what="the apps" isEmpty={(list) => list.length === 0} empty={<p>No app has been uploaded yet.</p>}>
        {(list) => (
          <>
            <AppTable apps={list} showOwner caption="All apps" />
            <LastUpdated at={apps.updatedAt} />
          </>
        )}
      </Async>
    </Page>
  );
}
