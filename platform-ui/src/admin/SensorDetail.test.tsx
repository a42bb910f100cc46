import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ADMIN, mockApi, renderWithAuth } from '../test/api';
import { SensorDetail, seriesOf } from './SensorDetail';

const reading = (i: number, speed: number) => ({
  readingId: `r${i}`,
  sensorId: 'car-7',
  type: 'vehicle-speed',
  values: { speedKmh: speed, plate: 'AB-123' },
  deviceTime: new Date(Date.parse('2026-01-01T10:00:00Z') + i * 1000).toISOString(),
  receivedAt: new Date(Date.parse('2026-01-01T10:00:00Z') + i * 1000 + 50).toISOString(),
});

describe('SensorDetail', () => {
  it('shows that readings are loading', () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/sensors/car-7': 'pending', 'GET /api/sensors/car-7/readings': 'pending' });
    renderWithAuth(<SensorDetail params={{ id: 'car-7' }} />);
    expect(screen.getByText('Loading the readings…')).toBeInTheDocument();
  });

  it('says when readings are not available yet', async () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN } });
    renderWithAuth(<SensorDetail params={{ id: 'car-7' }} />);
    expect(await screen.findByText('The readings are not available yet')).toBeInTheDocument();
  });

  it('says when the device has sent nothing yet', async () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/sensors/car-7/readings': { body: [] } });
    renderWithAuth(<SensorDetail params={{ id: 'car-7' }} />);
    expect(await screen.findByText(/No readings yet/)).toBeInTheDocument();
  });

  it('charts each numeric field of the readings and polls for new ones', async () => {
    let readings = [reading(0, 50), reading(1, 60)];
    const api = mockApi({
      'GET /api/auth/me': { body: ADMIN },
      'GET /api/sensors/car-7/readings': () => ({ body: { readings } }),
    });
    renderWithAuth(<SensorDetail params={{ id: 'car-7' }} />);
    const chart = await screen.findByRole('img', { name: /speedKmh/ });
    expect(chart).toHaveAccessibleName(/2 readings/);
    expect(screen.getAllByRole('img')).toHaveLength(1);
    expect(api.calls.find((c) => c.path === '/api/sensors/car-7/readings')!.url.searchParams.get('limit')).toBe('120');

    readings = [...readings, reading(2, 70)];
    await waitFor(() => expect(screen.getByRole('img', { name: /3 readings/ })).toBeInTheDocument(), { timeout: 5000 });
  });
});

describe('SensorDetail sharing', () => {
  const device = (sharing: unknown) => ({
    id: 'car-7', kind: 'sensor', type: 'vehicle-speed', labels: {}, owner: 'ada', createdAt: '2026-01-01T00:00:00Z', sharing,
  });

  it('says whom the device is shared with and shares it with the developers an admin names', async () => {
    let current = device({ everyone: false, with: [] });
    const api = mockApi({
      'GET /api/auth/me': { body: ADMIN },
      'GET /api/sensors/car-7': () => ({ body: current }),
      'GET /api/sensors/car-7/readings': { body: [] },
      'PUT /api/sensors/car-7/sharing': (request) => {
        current = device({ everyone: false, with: (request.body as { with: string[] }).with });
        return { body: current };
      },
    });
    renderWithAuth(<SensorDetail params={{ id: 'car-7' }} />);
    expect(await screen.findByText(/Shared with nobody: only its owner's apps may bind it/)).toBeInTheDocument();

    fireEvent.change(screen.getByRole('combobox', { name: /Share with/ }), { target: { value: 'users' } });
    fireEvent.change(screen.getByRole('textbox', { name: /Usernames/ }), { target: { value: 'bob, carl' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save sharing' }));

    expect(await screen.findByText('car-7 is now shared with bob, carl.')).toBeInTheDocument();
    expect(api.called('PUT', '/api/sensors/car-7/sharing')[0].body).toEqual({ with: ['bob', 'carl'] });
    await waitFor(() => expect(screen.getByText(/Shared with bob, carl\./)).toBeInTheDocument());
  });

  it('shows the refusal when sharing fails', async () => {
    mockApi({
      'GET /api/auth/me': { body: ADMIN },
      'GET /api/sensors/car-7': { body: device({ everyone: true, with: [] }) },
      'GET /api/sensors/car-7/readings': { body: [] },
      'PUT /api/sensors/car-7/sharing': {
        status: 422,
        body: { status: 422, error: 'Unprocessable Entity', message: '"with" must list usernames', problems: [] },
      },
    });
    renderWithAuth(<SensorDetail params={{ id: 'car-7' }} />);
    expect(await screen.findByText(/Shared with everyone/)).toBeInTheDocument();
    fireEvent.change(screen.getByRole('combobox', { name: /Share with/ }), { target: { value: 'nobody' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save sharing' }));
    expect(await screen.findByText(/Could not share car-7: .*must list usernames/)).toBeInTheDocument();
  });
});

describe('seriesOf', () => {
  it('keeps numbers and booleans, skips text', () => {
    const series = seriesOf([
      { id: '1', sensorId: 's', time: '2026-01-01T00:00:00Z', values: { a: 1, b: true, c: 'x' } },
      { id: '2', sensorId: 's', time: '2026-01-01T00:00:01Z', values: { a: 2, b: false } },
    ]);
    expect([...series.keys()]).toEqual(['a', 'b']);
    expect(series.get('b')!.map((p) => p.v)).toEqual([1, 0]);
  });
});
