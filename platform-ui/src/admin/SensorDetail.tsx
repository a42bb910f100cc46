import { useCallback, useState, type FormEvent } from 'react';
import { getDevice, readings, shareDevice, type Device, type Reading, type Sharing } from '../api/sensors';
import { ActionResult } from '../components/ActionResult';
import { Async, LastUpdated } from '../components/Async';
import { LineChart, type Point } from '../components/LineChart';
import { Page } from '../components/Page';
import { ago, dateTime } from '../format';
import { useAction } from '../hooks/useAction';
import { usePolling } from '../hooks/usePolling';
import { href } from '../router';
import { formatValues } from '../pages/app/BoundSensors';

export const READINGS_POLL_MS = 3000;
const READINGS_SHOWN = 120;

/** The numeric fields of the readings, each as a series of points over time. */
export function seriesOf(list: readonly Reading[]): Map<string, Point[]> {
  const series = new Map<string, Point[]>();
  for (const r of list) {
    const t = Date.parse(r.time);
    for (const [field, value] of Object.entries(r.values)) {
      const v = typeof value === 'number' ? value : typeof value === 'boolean' ? (value ? 1 : 0) : NaN;
      if (!Number.isFinite(v)) continue;
      if (!series.has(field)) series.set(field, []);
      series.get(field)!.push({ t, v });
    }
  }
  return series;
}

/** Whom a device is shared with, in words. */
export function sharingText(sharing: Sharing): string {
  if (sharing.everyone) return "everyone: every developer's apps may bind it";
  if (sharing.with.length === 0) return "nobody: only its owner's apps may bind it";
  return sharing.with.join(', ');
}

/** Who besides the owner may bind the device to their apps, and the admin's form to change it. */
function SharingSection({ device, onChanged }: { readonly device: Device; readonly onChanged: () => void }) {
  const [mode, setMode] = useState<'nobody' | 'everyone' | 'users'>(
    device.sharing.everyone ? 'everyone' : device.sharing.with.length > 0 ? 'users' : 'nobody',
  );
  const [users, setUsers] = useState(device.sharing.with.join(', '));
  const action = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const names = users.split(/[\s,]+/).filter((u) => u !== '');
    void action.run(() => shareDevice(device.id, mode === 'everyone' ? 'everyone' : mode === 'users' ? names : []), {
      done: (changed) => `${device.id} is now shared with ${sharingText(changed.sharing)}.`,
      failed: `Could not share ${device.id}`,
      onDone: onChanged,
    });
  };

  return (
    <section className="section" aria-labelledby="sharing-heading">
      <h2 id="sharing-heading">Sharing</h2>
      <p>
        Shared with {sharingText(device.sharing)}. Sharing lets other developers' apps read or command the device; only
        its owner and admins see or change it.
      </p>
      <ActionResult message={action.message} />
      <form onSubmit={submit} aria-label="Share the device">
        <label>
          Share with{' '}
          <select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
            <option value="nobody">nobody</option>
            <option value="users">these developers</option>
            <option value="everyone">everyone</option>
          </select>
        </label>{' '}
        {mode === 'users' && (
          <label>
            Usernames{' '}
            <input value={users} onChange={(e) => setUsers(e.target.value)} placeholder="ada, bob" />
          </label>
        )}{' '}
        <button type="submit" disabled={action.busy}>
          Save sharing
        </button>
      </form>
    </section>
  );
}

/** One device with live charts of its readings. */
export function SensorDetail({ params }: { readonly params: Record<string, string> }) {
  const id = params.id;
  const device = usePolling(useCallback((signal: AbortSignal) => getDevice(id, signal), [id]), 10000);
  const history = usePolling(
    useCallback((signal: AbortSignal) => readings(id, READINGS_SHOWN, signal), [id]),
    READINGS_POLL_MS,
  );
  const d = device.data;

  return (
    <Page title={id} lead={d ? `${d.kind} of type ${d.type}` : undefined}>
      <p>
        <a href={href('/admin/sensors')}>← All sensors and devices</a>
      </p>
      {d && (
        <dl className="facts">
          <div>
            <dt>Last seen</dt>
            <dd>{ago(d.lastSeenAt)}</dd>
          </div>
          <div>
            <dt>Registered</dt>
            <dd>{dateTime(d.createdAt)}</dd>
          </div>
          {d.expectedPeriodSeconds !== null && (
            <div>
              <dt>Expected every</dt>
              <dd>{d.expectedPeriodSeconds} s</dd>
            </div>
          )}
          <div>
            <dt>Readings accepted / refused</dt>
            <dd>
              {d.accepted ?? 0} / {d.rejected ?? 0}
            </dd>
          </div>
          <div>
            <dt>Labels</dt>
            <dd>{Object.entries(d.labels).map(([k, v]) => `${k}=${v}`).join(', ') || '—'}</dd>
          </div>
          <div>
            <dt>Owner</dt>
            <dd>{d.owner ?? '—'}</dd>
          </div>
        </dl>
      )}
      {d && <SharingSection key={d.id} device={d} onChanged={() => device.reload()} />}
      <section className="section" aria-labelledby="readings-heading">
        <h2 id="readings-heading">Readings</h2>
        <Async
          polled={history}
          what="the readings"
          isEmpty={(list) => list.length === 0}
          empty={<p>No readings yet. They appear here as soon as the device sends some.</p>}
        >
          {(list) => {
            const series = seriesOf(list);
            const last = list[list.length - 1];
            return (
              <>
                {series.size === 0 ? (
                  <p>These readings have no numeric values to chart.</p>
                ) : (
                  <div className="charts">
                    {[...series.entries()].map(([field, points]) => (
                      <LineChart key={field} title={field} points={points} />
                    ))}
                  </div>
                )}
                <p>
                  Latest reading ({dateTime(last.time)}): {formatValues(last.values)}
                </p>
                <LastUpdated at={history.updatedAt} />
              </>
            );
          }}
        </Async>
      </section>
    </Page>
  );
}
