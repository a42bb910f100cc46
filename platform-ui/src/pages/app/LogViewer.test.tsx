import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, mockApi, renderWithAuth, type MockRequest } from '../../test/api';
import { LogViewer } from './LogViewer';

const line = (id: string, level: string, message: string, minute: number) => ({
  id,
  time: `2026-01-02T10:0${minute}:00Z`,
  sourceKind: 'INSTANCE',
  sourceName: 'speed-alert-a1',
  app: 'speed-alert',
  instanceId: 'speed-alert-a1',
  level,
  message,
});

const INFO = line('0-1-1', 'INFO', 'listening on 21001', 1);
const WARN = line('0-1-2', 'WARN', 'speeding: car-1 at 131 km/h', 2);
const OLDER = line('0-0-9', 'INFO', 'starting up', 0);

/** The logger: every line, or only warnings when asked for WARN; an older page before "p2". */
function logger() {
  return mockApi({
    'GET /api/logs': (request: MockRequest) => {
      const query = request.url.searchParams;
      if (query.get('before') === 'p2') return { body: { records: [OLDER], next: null } };
      if (query.get('level') === 'WARN') return { body: { records: [WARN], next: null } };
      return { body: { records: [INFO, WARN], next: 'p2' } };
    },
  });
}

describe('LogViewer', () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });

  it('shows only the lines of the new filter once it changes, and tails with it', async () => {
    const api = logger();
    renderWithAuth(<LogViewer app="speed-alert" />);
    const log = await screen.findByRole('log', { name: 'Log lines of speed-alert' });
    await waitFor(() => expect(within(log).getAllByRole('listitem')).toHaveLength(2));
    const tailed = FakeEventSource.instances[0];
    act(() => tailed.open());
    act(() => tailed.emit(line('0-1-3', 'INFO', 'a live info line', 3)));
    expect(within(log).getAllByRole('listitem')).toHaveLength(3);

    fireEvent.change(screen.getByLabelText('Lowest level'), { target: { value: 'WARN' } });
    // At once, before the logger answers: the lines of the old filter are gone.
    expect(screen.queryByText('listening on 21001')).not.toBeInTheDocument();
    expect(screen.queryByText('a live info line')).not.toBeInTheDocument();
    const filtered = await screen.findByRole('log', { name: 'Log lines of speed-alert' });
    await waitFor(() => expect(within(filtered).getAllByRole('listitem')).toHaveLength(1));
    expect(within(filtered).getByText('speeding: car-1 at 131 km/h')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path === '/api/logs').at(-1)!.url.searchParams.get('level')).toBe('WARN');
    expect(tailed.readyState).toBe(FakeEventSource.CLOSED);
    expect(FakeEventSource.instances.at(-1)!.url).toBe('/api/logs/tail?app=speed-alert&level=WARN');
  });

  it('loads older lines on demand and says so', async () => {
    logger();
    renderWithAuth(<LogViewer app="speed-alert" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Load older lines' }));
    expect(await screen.findByText('1 older lines loaded.')).toBeInTheDocument();
    const log = screen.getByRole('log', { name: 'Log lines of speed-alert' });
    expect(within(log).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      expect.stringContaining('starting up'),
      expect.stringContaining('listening on 21001'),
      expect.stringContaining('speeding'),
    ]);
    expect(screen.queryByRole('button', { name: 'Load older lines' })).not.toBeInTheDocument();
  });

  it('pauses the tail, and opens a new one when switched on again or reconnected after it stopped', async () => {
    logger();
    renderWithAuth(<LogViewer app="speed-alert" />);
    await screen.findByText('listening on 21001');
    const first = FakeEventSource.instances[0];
    act(() => first.open());
    expect(screen.getByTestId('tail-state')).toHaveTextContent('Live');

    fireEvent.click(screen.getByLabelText('Live tail'));
    expect(screen.getByTestId('tail-state')).toHaveTextContent('Live tail paused.');
    expect(first.readyState).toBe(FakeEventSource.CLOSED);

    fireEvent.click(screen.getByLabelText('Live tail'));
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(screen.getByTestId('tail-state')).toHaveTextContent('Connecting to the live tail');
    const second = FakeEventSource.instances[1];
    act(() => second.fail(true));
    expect(screen.getByTestId('tail-state')).toHaveTextContent('The live tail stopped.');

    fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    expect(FakeEventSource.instances).toHaveLength(3);
    expect(screen.getByTestId('tail-state')).toHaveTextContent('Connecting to the live tail');
    act(() => FakeEventSource.instances[2].open());
    expect(screen.getByTestId('tail-state')).toHaveTextContent('Live');
  });
});
