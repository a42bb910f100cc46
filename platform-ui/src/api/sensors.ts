import { api } from './http';

/*
 * Sensors, devices, readings and bindings (sensor-manager). The records are described in
 * docs/sensors.md; the HTTP answers are read leniently (a bare list or one wrapped in an object,
 * `id` or `_id`) so that small differences in the answers do not break the pages.
 */

export interface Device {
  readonly id: string;
  readonly kind: string;
  readonly type: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly expectedPeriodSeconds: number | null;
  readonly owner: string | null;
  readonly createdAt: string | null;
  readonly lastSeenAt: string | null;
  readonly lastValues: Readonly<Record<string, unknown>> | null;
  readonly accepted: number | null;
  readonly rejected: number | null;
  /** Whose apps besides the owner's may bind it; an admin sets it. */
  readonly sharing: Sharing;
}

/** Whose apps besides a device's owner's may bind it: everyone, these developers, or nobody. */
export interface Sharing {
  readonly everyone: boolean;
  readonly with: readonly string[];
}

export interface Reading {
  readonly id: string;
  readonly sensorId: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** When it was measured: the device's time, else the platform's receive time (ISO-8601). */
  readonly time: string;
}

export interface Binding {
  readonly name: string;
  readonly kind: string | null;
  readonly type: string | null;
  readonly devices: readonly string[];
  readonly status: string | null;
  readonly reason: string | null;
}

export interface DeviceType {
  readonly id: string;
  readonly kind: string | null;
  readonly fields: Readonly<Record<string, { type?: string; unit?: string }>>;
}

export interface NewDevice {
  readonly id: string;
  readonly kind: 'sensor' | 'controller';
  readonly type: string;
  readonly labels: Record<string, string>;
  readonly expectedPeriodSeconds?: number;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The list in an answer: the answer itself, or the first array among its fields. */
function listOf(body: unknown, ...keys: string[]): unknown[] {
  if (Array.isArray(body)) return body;
  if (isObject(body)) {
    for (const key of keys) if (Array.isArray(body[key])) return body[key] as unknown[];
  }
  return [];
}

function labelsOf(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (isObject(value)) for (const [k, v] of Object.entries(value)) labels[k] = String(v);
  return labels;
}

export function toDevice(raw: unknown): Device | null {
  if (!isObject(raw)) return null;
  const id = str(raw.id) ?? str(raw._id);
  if (!id) return null;
  return {
    id,
    kind: str(raw.kind) ?? 'sensor',
    type: str(raw.type) ?? '',
    labels: labelsOf(raw.labels),
    expectedPeriodSeconds: num(raw.expectedPeriodSeconds),
    owner: str(raw.owner),
    createdAt: str(raw.createdAt),
    lastSeenAt: str(raw.lastSeenAt),
    lastValues: isObject(raw.lastValues) ? raw.lastValues : null,
    accepted: num(raw.accepted),
    rejected: num(raw.rejected),
    sharing: sharingOf(raw.sharing),
  };
}

function sharingOf(value: unknown): Sharing {
  if (!isObject(value)) return { everyone: false, with: [] };
  return { everyone: value.everyone === true, with: Array.isArray(value.with) ? value.with.map(String) : [] };
}

/** Shares a device (admins): with everyone, with these developers, or with nobody (an empty list). */
export async function shareDevice(id: string, sharing: 'everyone' | readonly string[]): Promise<Device> {
  const body = await api<unknown>(`/api/sensors/${encodeURIComponent(id)}/sharing`, { method: 'PUT', body: { with: sharing } });
  const device = toDevice(body);
  if (!device) throw new Error(`The platform's answer about '${id}' is not a device.`);
  return device;
}

export function toReading(raw: unknown, sensorId = ''): Reading | null {
  if (!isObject(raw) || !isObject(raw.values)) return null;
  const time = str(raw.deviceTime) ?? str(raw.time) ?? str(raw.receivedAt);
  if (!time || Number.isNaN(Date.parse(time))) return null;
  const sensor = str(raw.sensorId) ?? sensorId;
  return { id: str(raw.readingId) ?? str(raw.id) ?? `${sensor}@${time}`, sensorId: sensor, values: raw.values, time };
}

/** Readings oldest first, whatever order the answer had. */
export function toReadings(body: unknown, sensorId = ''): Reading[] {
  let items = listOf(body, 'readings', 'records', 'items', 'latest');
  // `latest` may also be keyed by sensor id: {"car-1": {...}, "car-2": {...}}.
  if (items.length === 0 && isObject(body)) {
    items = Object.entries(body).map(([key, value]) => (isObject(value) ? { sensorId: key, ...value } : value));
  }
  return items
    .map((item) => toReading(item, sensorId))
    .filter((r): r is Reading => r !== null)
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

export function toBindings(body: unknown): Binding[] {
  // sensor-manager answers {app, deploymentId, sensors: {name: binding}, controllers: {name: binding}}.
  if (isObject(body) && (isObject(body.sensors) || isObject(body.controllers))) {
    const of = (group: unknown, kind: string): Binding[] =>
      isObject(group)
        ? Object.entries(group).map(([name, value]) => {
            const b = isObject(value) ? value : {};
            return {
              name,
              kind,
              type: str(b.type),
              devices: Array.isArray(b.devices) ? b.devices.map(String) : [],
              status: str(b.status),
              reason: str(b.reason),
            };
          })
        : [];
    return [...of(body.sensors, 'sensor'), ...of(body.controllers, 'controller')];
  }
  const items = listOf(body, 'bindings', 'items');
  if (items.length > 0) {
    return items.filter(isObject).map((b) => ({
      name: str(b.name) ?? '',
      kind: str(b.kind),
      type: str(b.type),
      devices: Array.isArray(b.devices) ? b.devices.map(String) : [],
      status: str(b.status),
      reason: str(b.reason),
    }));
  }
  // "requirement name → devices": {"speed": ["car-1", "car-2"]} or {"speed": {devices: [...], ...}}.
  if (isObject(body)) {
    return Object.entries(body).map(([name, value]) => {
      if (Array.isArray(value)) {
        return { name, kind: null, type: null, devices: value.map(String), status: null, reason: null };
      }
      const b = isObject(value) ? value : {};
      return {
        name,
        kind: str(b.kind),
        type: str(b.type),
        devices: Array.isArray(b.devices) ? b.devices.map(String) : [],
        status: str(b.status),
        reason: str(b.reason),
      };
    });
  }
  return [];
}

export function toDeviceTypes(body: unknown): DeviceType[] {
  return listOf(body, 'types', 'items')
    .filter(isObject)
    .map((t) => ({
      id: str(t.id) ?? str(t._id) ?? str(t.name) ?? '',
      kind: str(t.kind),
      fields: (isObject(t.fields) ? t.fields : {}) as DeviceType['fields'],
    }))
    .filter((t) => t.id !== '');
}

export async function listDevices(signal?: AbortSignal): Promise<Device[]> {
  const body = await api<unknown>('/api/sensors', { signal });
  return listOf(body, 'sensors', 'devices', 'items')
    .map(toDevice)
    .filter((d): d is Device => d !== null);
}

export async function getDevice(id: string, signal?: AbortSignal): Promise<Device> {
  const device = toDevice(await api<unknown>(`/api/sensors/${encodeURIComponent(id)}`, { signal }));
  if (!device) throw new Error(`The platform's answer about '${id}' is not a device.`);
  return device;
}

export async function listDeviceTypes(signal?: AbortSignal): Promise<DeviceType[]> {
  return toDeviceTypes(await api<unknown>('/api/sensor-types', { signal }));
}

/** Registers a device; the answer carries its token, which the platform never shows again. */
export async function registerDevice(device: NewDevice): Promise<{ device: Device; token: string }> {
  const body = await api<unknown>('/api/sensors', { method: 'POST', body: device });
  const b = isObject(body) ? body : {};
  const token = str(b.token) ?? str(b.deviceToken) ?? (isObject(b.credentials) ? str(b.credentials.token) : null);
  const registered = toDevice(isObject(b.device) ? b.device : b) ?? toDevice({ ...device });
  if (!token || !registered) throw new Error('The device was registered, but the answer carried no token.');
  return { device: registered, token };
}

export async function readings(id: string, limit: number, signal?: AbortSignal): Promise<Reading[]> {
  const body = await api<unknown>(`/api/sensors/${encodeURIComponent(id)}/readings`, { signal, query: { limit } });
  return toReadings(body, id);
}

export async function bindingsOf(app: string, signal?: AbortSignal): Promise<Binding[]> {
  return toBindings(await api<unknown>(`/api/bindings/${encodeURIComponent(app)}`, { signal }));
}

export async function latestOf(app: string, name: string, signal?: AbortSignal): Promise<Reading[]> {
  const path = `/api/bindings/${encodeURIComponent(app)}/${encodeURIComponent(name)}/latest`;
  return toReadings(await api<unknown>(path, { signal }));
}
