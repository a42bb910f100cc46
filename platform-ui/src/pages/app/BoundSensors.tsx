import { useCallback } from 'react';
import { bindingsOf, latestOf, type Binding, type Reading } from '../../api/sensors';
import { describe } from '../../api/http';
import { Async, LastUpdated } from '../../components/Async';
import { StatusBadge } from '../../components/StatusBadge';
import { ago } from '../../format';
import { usePolling } from '../../hooks/usePolling';

export const SENSORS_POLL_MS = 5000;

interface BoundView {
  readonly binding: Binding;
  readonly latest: readonly Reading[];
  /** Why the latest values could not be read, if they could not. */
  readonly latestError: string | null;
}

export function formatValues(values: Readonly<Record<string, unknown>>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}: ${typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : String(value)}`)
    .join(', ');
}

async function load(app: string, signal: AbortSignal): Promise<BoundView[]> {
  const bindings = await bindingsOf(app, signal);
  return Promise.all(
    bindings.map(async (binding) => {
      if (binding.kind === 'controller') return { binding, latest: [], latestError: null };
      try {
        return { binding, latest: await latestOf(app, binding.name, signal), latestError: null };
      } catch (e) {
        return { binding, latest: [], latestError: describe(e) };
      }
    }),
  );
}

/** The devices bound to the app's deployment, and each sensor's latest reading, polled. */
export function BoundSensors({ app }: { readonly app: string }) {
  const polled = usePolling(useCallback((signal: AbortSignal) => load(app, signal), [app]), SENSORS_POLL_MS);
  return (
    <Async
      polled={polled}
      what="sensor bindings"
      isEmpty={(list) => list.length === 0}
      empty={<p>This app has no sensors or controllers bound. Bindings appear here while a version that needs devices is deployed.</p>}
    >
      {(list) => (
        <>
          <ul className="bindings">
            {list.map(({ binding, latest, latestError }) => (
              <li key={binding.name} className="binding card">
                <h3>
                  {binding.name}{' '}
                  {binding.status && <StatusBadge state={binding.status} />}
                </h3>
                <p className="muted">
                  {binding.kind ?? 'device'}
                  {binding.type ? ` of type ${binding.type}` : ''} · {binding.devices.length} bound
                  {binding.reason ? ` · ${binding.reason}` : ''}
                </p>
                {binding.kind === 'controller' ? (
                  <p>Devices: {binding.devices.join(', ') || 'none'}</p>
                ) : latestError ? (
                  <p className="note note--warn">Latest values unavailable: {latestError}</p>
                ) : (
                  <table className="table table--compact">
                    <caption className="visually-hidden">Latest readings of {binding.name}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Sensor</th>
                        <th scope="col">Latest values</th>
                        <th scope="col">When</th>
                      </tr>
                    </thead>
                    <tbody>
                      {binding.devices.map((device) => {
                        const reading = latest.find((r) => r.sensorId === device);
                        return (
                          <tr key={device}>
                            <th scope="row">{device}</th>
                            <td>{reading ? formatValues(reading.values) : <span className="muted">no reading yet</span>}</td>
                            <td>{reading ? ago(reading.time) : '—'}</td>
                          </tr>
                        );
                      })}
                      {latest
                        .filter((r) => !binding.devices.includes(r.sensorId))
                        .map((r) => (
                          <tr key={r.id}>
                            <th scope="row">{r.sensorId || 'sensor'}</th>
                            <td>{formatValues(r.values)}</td>
                            <td>{ago(r.time)}</td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ul>
          <LastUpdated at={polled.updatedAt} />
        </>
      )}
    </Async>
  );
}
