import { useRef, useState, type FormEvent } from 'react';
import { ApiError, describe } from '../api/http';
import { listDevices, listDeviceTypes, registerDevice, type DeviceType } from '../api/sensors';
import { announce } from '../components/announce';
import { Async, LastUpdated } from '../components/Async';
import { Page } from '../components/Page';
import { ProblemList } from '../components/ProblemList';
import { ago } from '../format';
import { usePolling } from '../hooks/usePolling';
import { formatValues } from '../pages/app/BoundSensors';
import { href } from '../router';
import { TokenDialog } from './TokenDialog';

export const DEVICES_POLL_MS = 5000;

const DEVICE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Reads "key=value" pairs separated by commas or new lines; answers the labels or what is wrong. */
export function parseLabels(text: string): { labels: Record<string, string>; problem: string | null } {
  const labels: Record<string, string> = {};
  for (const raw of text.split(/[,\n]/)) {
    const item = raw.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq <= 0 || eq === item.length - 1) return { labels, problem: `"${item}" is not key=value.` };
    labels[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return { labels, problem: null };
}

type Field = 'id' | 'type' | 'period' | 'labels';

/** The type list only helps the form; without it the type is typed in. */
function deviceTypesIfAny(signal: AbortSignal): Promise<DeviceType[] | null> {
  return listDeviceTypes(signal).catch(() => null);
}

function RegisterForm({ types, onRegistered }: { readonly types: readonly DeviceType[] | null; readonly onRegistered: (id: string, token: string) => void }) {
  const [id, setId] = useState('');
  const [kind, setKind] = useState<'sensor' | 'controller'>('sensor');
  const [type, setType] = useState('');
  const [period, setPeriod] = useState('');
  const [labels, setLabels] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<ApiError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const ofKind = types?.filter((t) => !t.kind || t.kind === kind) ?? null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!DEVICE_ID.test(id)) found.id = 'Use lower-case letters, digits and dashes (up to 63), starting with a letter or digit.';
    if (!type.trim()) found.type = 'Choose the device type.';
    const parsed = parseLabels(labels);
    if (parsed.problem) found.labels = parsed.problem;
    if (period.trim() && !(Number(period) > 0)) found.period = 'Enter a positive number of seconds, or leave it empty.';
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFormError('Please correct the fields marked below.');
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      const result = await registerDevice({
        id,
        kind,
        type: type.trim(),
        labels: parsed.labels,
        ...(period.trim() ? { expectedPeriodSeconds: Number(period) } : {}),
      });
      setId('');
      setLabels('');
      setPeriod('');
      onRegistered(result.device.id, result.token);
    } catch (e) {
      setFormError(e instanceof ApiError ? e : describe(e));
      setTimeout(() => summary.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };

  const err = (f: Field) =>
    errors[f] ? (
      <p id={`dev-${f}-error`} className="field-error">
        {errors[f]}
      </p>
    ) : null;

  return (
    <form className="form card" onSubmit={submit} noValidate aria-labelledby="register-heading">
      <h2 id="register-heading">Register a device</h2>
      {formError && (
        <div className="form-error" role="alert" tabIndex={-1} ref={summary}>
          {typeof formError === 'string' ? (
            formError
          ) : formError.unavailable ? (
            <p>Registering devices is not available yet: the sensor service does not answer (HTTP {formError.status}).</p>
          ) : (
            <>
              <p>{formError.message}</p>
              <ProblemList problems={formError.problems} />
            </>
          )}
        </div>
      )}
      <div className="form-row">
        <div className="field">
          <label htmlFor="dev-id">Device id</label>
          <input id="dev-id" value={id} onChange={(e) => setId(e.target.value)} spellCheck={false} autoCapitalize="none"
            aria-invalid={errors.id ? true : undefined} aria-describedby={errors.id ? 'dev-id-error' : undefined} />
          {err('id')}
        </div>
        <fieldset className="field">
          <legend>Kind</legend>
          <label className="choice">
            <input type="radio" name="dev-kind" checked={kind === 'sensor'} onChange={() => setKind('sensor')} /> Sensor (sends readings)
          </label>
          <label className="choice">
            <input type="radio" name="dev-kind" checked={kind === 'controller'} onChange={() => setKind('controller')} /> Controller (takes commands)
          </label>
        </fieldset>
      </div>
      <div className="form-row">
        <div className="field">
          <label htmlFor="dev-type">Type</label>
          {ofKind && ofKind.length > 0 ? (
            <select id="dev-type" value={type} onChange={(e) => setType(e.target.value)}
              aria-invalid={errors.type ? true : undefined} aria-describedby={errors.type ? 'dev-type-error' : undefined}>
              <option value="">Choose a type</option>
              {ofKind.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.id}
                </option>
              ))}
            </select>
          ) : (
            <input id="dev-type" value={type} onChange={(e) => setType(e.target.value)} spellCheck={false} placeholder="vehicle-speed"
              aria-invalid={errors.type ? true : undefined} aria-describedby={errors.type ? 'dev-type-error' : undefined} />
          )}
          {err('type')}
        </div>
        <div className="field">
          <label htmlFor="dev-period">Expected period in seconds (optional)</label>
          <input id="dev-period" type="number" min={0} step="any" value={period} onChange={(e) => setPeriod(e.target.value)}
            aria-invalid={errors.period ? true : undefined} aria-describedby={errors.period ? 'dev-period-error' : undefined} />
          {err('period')}
        </div>
      </div>
      <div className="field">
        <label htmlFor="dev-labels">Labels (optional)</label>
        <input id="dev-labels" value={labels} onChange={(e) => setLabels(e.target.value)} placeholder="route=A1, zone=north" spellCheck={false}
          aria-invalid={errors.labels ? true : undefined} aria-describedby={`dev-labels-hint${errors.labels ? ' dev-labels-error' : ''}`} />
        <p id="dev-labels-hint" className="hint">key=value pairs separated by commas; apps choose devices by these labels.</p>
        {err('labels')}
      </div>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Registering…' : 'Register'}
      </button>
    </form>
  );
}

/** Sensors and controllers: the registered devices, live, and registering new ones. */
export function Sensors() {
  const devices = usePolling(listDevices, DEVICES_POLL_MS);
  const types = usePolling(deviceTypesIfAny, 0);
  const [issued, setIssued] = useState<{ id: string; token: string } | null>(null);

  return (
    <Page title="Sensors and devices" lead="Devices send readings or take commands; apps are bound to them by type and labels.">
      <section className="section" aria-labelledby="devices-heading">
        <h2 id="devices-heading">Registered devices</h2>
        <Async polled={devices} what="the sensors" isEmpty={(list) => list.length === 0} empty={<p>No device is registered yet. Register one below.</p>}>
          {(list) => (
            <>
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Registered devices</caption>
                  <thead>
                    <tr>
                      <th scope="col">Device</th>
                      <th scope="col">Kind and type</th>
                      <th scope="col">Labels</th>
                      <th scope="col">Last seen</th>
                      <th scope="col">Last values</th>
                      <th scope="col">Accepted / refused</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((d) => (
                      <tr key={d.id}>
                        <th scope="row">
                          <a href={href(`/admin/sensors/${encodeURIComponent(d.id)}`)}>{d.id}</a>
                        </th>
                        <td>
                          {d.kind} · {d.type}
                        </td>
                        <td>{Object.entries(d.labels).map(([k, v]) => `${k}=${v}`).join(', ') || '—'}</td>
                        <td>{ago(d.lastSeenAt)}</td>
                        <td>{d.lastValues ? formatValues(d.lastValues) : '—'}</td>
                        <td>
                          {d.accepted ?? 0} / {d.rejected ?? 0}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <LastUpdated at={devices.updatedAt} />
            </>
          )}
        </Async>
      </section>
      <RegisterForm
        types={types.data ?? null}
        onRegistered={(id, token) => {
          setIssued({ id, token });
          announce(`${id} is registered. Its token is shown in a dialog.`);
          devices.reload();
        }}
      />
      {issued && <TokenDialog device={issued.id} token={issued.token} onClose={() => setIssued(null)} />}
    </Page>
  );
}
