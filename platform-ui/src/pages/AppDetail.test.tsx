import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, mockApi, renderWithAuth, type Answer } from '../test/api';
import { AppDetail, previousVersion } from './AppDetail';

const APP = {
  name: 'speed-alert',
  owner: 'ada',
  description: 'Warns about speeding',
  latestVersion: '1.1.0',
  createdAt: '2026-01-01T10:00:00Z',
  updatedAt: '2026-01-02T10:00:00Z',
  link: 'http://localhost:8080/apps/speed-alert/',
  deployment: { id: 'd1', status: 'RUNNING', reason: null, version: '1.1.0', desiredInstances: 2, link: 'x' },
};

const version = (v: string, day: number) => ({
  app: 'speed-alert',
  version: v,
  owner: 'ada',
  sha256: v,
  sizeBytes: 2048,
  uncompressedBytes: 4096,
  entryCount: 3,
  description: 'Warns about speeding',
  uploadedAt: `2026-01-0${day}T10:00:00Z`,
  runtimes: day === 2 ? ['process', 'docker'] : ['process'],
});
const VERSIONS = [version('1.1.0', 2), version('1.0.0', 1)];

const DEPLOYMENT = {
  id: 'd1',
  app: 'speed-alert',
  version: '1.1.0',
  desiredInstances: 2,
  generation: 2,
  active: true,
  status: 'RUNNING',
  reason: null,
  stableVersion: '1.1.0',
  scheduleId: null,
  createdAt: '2026-01-02T10:00:00Z',
  updatedAt: '2026-01-02T10:00:00Z',
  statusAt: '2026-01-02T10:01:00Z',
  link: 'x',
  instances: [
    { id: 'speed-alert-a1', node: 'node-1', state: 'HEALTHY', version: '1.1.0', port: 21001, desired: 'RUN', message: null },
    { id: 'speed-alert-b2', node: 'node-2', state: 'STARTING', version: '1.1.0', port: 21002, desired: 'RUN', message: null },
  ],
};

const LINE = {
  id: '0-1-1',
  time: '2026-01-02T10:02:00Z',
  sourceKind: 'INSTANCE',
  sourceName: 'speed-alert-a1',
  app: 'speed-alert',
  instanceId: 'speed-alert-a1',
  level: 'INFO',
  message: 'listening on 21001',
};

function platform(extra: Record<string, Answer> = {}) {
  return mockApi({
    'GET /api/apps/speed-alert': { body: APP },
    'GET /api/apps/speed-alert/deployments': { body: [DEPLOYMENT] },
    'GET /api/apps/speed-alert/versions': { body: VERSIONS },
    'GET /api/apps/speed-alert/schedules': { body: [] },
    'GET /api/logs': { body: { records: [LINE], next: null } },
    ...extra,
  });
}

describe('AppDetail', () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });

  it('shows that the app is loading', () => {
    mockApi({ 'GET /api/apps/speed-alert': 'pending' });
    renderWithAuth(<AppDetail params={{ name: 'speed-alert' }} />);
    expect(screen.getByText('Loading the app…')).toBeInTheDocument();
  });

  it('says when there is no such app', async () => {
    mockApi({ 'GET /api/apps/speed-alert': { status: 404, body: { message: "no app named 'speed-alert'" } } });
    renderWithAuth(<AppDetail params={{ name: 'speed-alert' }} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'App not found' })).toBeInTheDocument();
  });

  it('shows an error when the app cannot be loaded', async () => {
    mockApi({ 'GET /api/apps/speed-alert': { status: 500, body: { message: 'database is down' } } });
    renderWithAuth(<AppDetail params={{ name: 'speed-alert' }} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('database is down');
  });

  it('shows the deployment with each instance, its node and health', async () => {
    platform();
    renderWithAuth(<AppDetail params={{ name: 'speed-alert' }} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'speed-alert' })).toBeInTheDocument();
    expect(await screen.findByText('1 of 2 desired instances healthy.')).toBeInTheDocument();
    const first = screen.getByText('speed-alert-a1', { selector: 'code' }).closest('tr')!;
    expect(within(first).getByText('node-1')).toBeInTheDocument();
    expect(within(first).getByText('Healthy')).toBeInTheDocument();
    const second = screen.getByText('speed-alert-b2', { selector: 'code' }).closest('tr')!;
    expect(within(second).getByText('Starting')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open the app (new tab)' })).toHaveAttribute('href', '/apps/speed-alert/');
  });

  it('says which runtimes each version runs on', async () => {
    platform();
    renderWithAuth(<AppDetail params={{ name: 'speed-alert' }} />);
    const versions = await screen.findByRole('table', { name: 'Versions, newest first' });
    expect(within(versions).getByRole('columnheader', { name: 'Runs on' })).toBeInTheDocument();
    expect(within(within(versions).getByRole('rowheader', { name: '1.1.0' }).closest('tr')!).getByText('process, docker')).toBeInTheDocument();
    expect(within(within(versions).getByRole('rowheader', { name: '1.0.0' }).closest('tr')!).getByText('process')).toBeInTheDocument();
  });

  it('copes with the lists the platform leaves out when empty (a new deployment, a schedule that never fired)', async () => {
    const { instances: _none, ...fresh } = { ...DEPLOYMENT, status: 'PENDING' };
    platform({
      'GET /api/apps/speed-alert/deployments': { body: [fresh] },
      'GET /api/apps/speed-alert/schedules': {
        body: [{ id: 's1', app: 'speed-alert', kind: 'CRON', version: '1.0.0', instances: 1, cron: '0 8 * * *', zone: 'UTC', state: 'ACTIVE', nextFireAt: '2030-01-01T08:00:00Z', createdAt: '2026-01-01T00:00:00Z' }],
      },
      'GET /api/logs': { body: {} },
    });
    renderWithAuth(<AppDetail params={{ name: 'speed-alert' }} />);
    expect(await screen.findByText('No instances yet: the platform is placing them.')).toBeInTheDocument();
    expect(await screen.findByText('0 8 * * *')).toBeInTheDocument();
    expect(await screen.findByText('No log lines yet.')).toBeInTheDocument();
  });

  it('rolls back by deploying the previous version', async () => {
    const api = platform({ 'POST /api/apps/speed-alert/deployments': { body: { ...DEPLOYMENT, version: '1.0.0' } } });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderWithAuth(<AppDetail params={{ name: 'speed-alert' }} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Roll back to 1.0.0' }));
    expect(await screen.findByText('Rolling back to version 1.0.0.')).toBeInTheDocument();
    expect(api.called('POST', '/api/apps/speed-alert/deployments')[0].body).toEqual({ version: '1.0.0' });
  });

  it('says that bound sensors are not available while the sensor service is missing', async () => {
    platform();
    renderWithAuth(<AppDetail params={{ name: 'speed-alert' }} />);
    expect(await screen.findByText('Sensor bindings are not available yet')).toBeInTheDocument();
  });

  it('shows bound sensors with their latest values', async () => {
    platform({
      'GET /api/bindings/speed-alert': {
        body: [{ name: 'speed', kind: 'sensor', type: 'vehicle-speed', devices: ['car-1', 'car-2'], status: 'BOUND' }],
      },
      'GET /api/bindings/speed-alert/speed/latest': {
        body: [{ readingId: 'r1', sensorId: 'car-1', values: { speedKmh: 87.5 }, receivedAt: new Date().toISOString() }],
      },
    });
    renderWithAuth(<AppDetail params={{ name: 'speed-alert' }} />);
    const car1 = (await screen.findByRole('rowheader', { name: 'car-1' })).closest('tr')!;
    expect(within(car1).getByText('speedKmh: 87.5')).toBeInTheDocument();
    const car2 = screen.getByRole('rowheader', { name: 'car-2' }).closest('tr')!;
    expect(within(car2).getByText('no reading yet')).toBeInTheDocument();
    expect(screen.getByText('Bound')).toBeInTheDocument();
  });

  it('says when the app has no bindings', async () => {
    platform({ 'GET /api/bindings/speed-alert': { body: [] } });
    renderWithAuth(<AppDetail params={{ name: 'speed-alert' }} />);
    expect(await screen.findByText(/This app has no sensors or controllers bound/)).toBeInTheDocument();
  });

  it('shows stored log lines and follows new ones live', async () => {
    const api = platform();
    renderWithAuth(<AppDetail params={{ name: 'speed-alert' }} />);
    expect(await screen.findByText('listening on 21001')).toBeInTheDocument();
    expect(api.calls.find((c) => c.path === '/api/logs')!.url.searchParams.get('app')).toBe('speed-alert');

    const source = FakeEventSource.instances[0];
    expect(source.url).toBe('/api/logs/tail?app=speed-alert');
    act(() => source.open());
    expect(screen.getByTestId('tail-state')).toHaveTextContent('Live');
    act(() => source.emit({ ...LINE, id: '0-2-2', time: '2026-01-02T10:03:00Z', message: 'speeding: car-1 at 131 km/h', level: 'WARN' }));
    expect(screen.getByText('speeding: car-1 at 131 km/h')).toBeInTheDocument();
    const log = screen.getByRole('log', { name: 'Log lines of speed-alert' });
    expect(within(log).getAllByRole('listitem')).toHaveLength(2);

    act(() => source.fail(false));
    expect(screen.getByTestId('tail-state')).toHaveTextContent('reconnecting');
  });

  it('says when the logs cannot be loaded', async () => {
    platform({ 'GET /api/logs': { status: 503, body: { message: 'logger is down' } } });
    renderWithAuth(<AppDetail params={{ name: 'speed-alert' }} />);
    expect(await screen.findByText('The logs are not available yet')).toBeInTheDocument();
  });
});

describe('previousVersion', () => {
  it('is the version uploaded before the running one', () => {
    expect(previousVersion(VERSIONS, '1.1.0')).toBe('1.0.0');
    expect(previousVersion(VERSIONS, '1.0.0')).toBeNull();
    expect(previousVersion(VERSIONS, '9.9.9')).toBeNull();
  });
});

describe('AppDetail waits', () => {
  it('polls again without a page reload', async () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    let status = 'ROLLING_OUT';
    platform({ 'GET /api/apps/speed-alert/deployments': () => ({ body: [{ ...DEPLOYMENT, status }] }) });
    renderWithAuth(<AppDetail params={{ name: 'speed-alert' }} />);
    expect(await screen.findByText('Rolling out')).toBeInTheDocument();
    status = 'RUNNING';
    await waitFor(() => expect(screen.getAllByText('Running').length).toBeGreaterThan(0), { timeout: 5000 });
  });
});
