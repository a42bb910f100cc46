import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, mockApi, renderWithAuth } from '../test/api';
import { parseLabels, Sensors } from './Sensors';

const DEVICE = {
  id: 'car-7', kind: 'sensor', type: 'vehicle-speed', labels: { route: 'A1' }, expectedPeriodSeconds: 1, owner: 'root',
  createdAt: '2026-01-01T00:00:00Z', lastSeenAt: null, lastValues: { speedKmh: 87.5 }, accepted: 10, rejected: 1,
};

describe('Sensors', () => {
  it('shows that the devices are loading', () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/sensors': 'pending', 'GET /api/sensor-types': 'pending' });
    renderWithAuth(<Sensors />);
    expect(screen.getByText('Loading the sensors…')).toBeInTheDocument();
  });

  it('says clearly that sensors are not available while the API is missing', async () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN } });
    renderWithAuth(<Sensors />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The sensors are not available yet');
    expect(alert).toHaveTextContent('HTTP 404');
  });

  it('says when no device is registered', async () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/sensors': { body: [] } });
    renderWithAuth(<Sensors />);
    expect(await screen.findByText('No device is registered yet. Register one below.')).toBeInTheDocument();
  });

  it('lists the devices', async () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/sensors': { body: [DEVICE] } });
    renderWithAuth(<Sensors />);
    const row = (await screen.findByRole('link', { name: 'car-7' })).closest('tr')!;
    expect(row).toHaveTextContent('sensor · vehicle-speed');
    expect(row).toHaveTextContent('route=A1');
    expect(row).toHaveTextContent('speedKmh: 87.5');
    expect(row).toHaveTextContent('10 / 1');
    expect(within(row).getByText('never')).toBeInTheDocument();
  });

  it('registers a device and shows its token once, with a copy button and a warning', async () => {
    const api = mockApi({
      'GET /api/auth/me': { body: ADMIN },
      'GET /api/sensors': { body: [] },
      'GET /api/sensor-types': { body: [{ id: 'vehicle-speed', kind: 'sensor', fields: { speedKmh: { type: 'number' } } }] },
      'POST /api/sensors': { status: 201, body: { ...DEVICE, token: 'tok-SECRET-123' } },
    });
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderWithAuth(<Sensors />);

    fireEvent.change(await screen.findByLabelText('Device id'), { target: { value: 'car-7' } });
    fireEvent.change(await screen.findByRole('combobox', { name: 'Type' }), { target: { value: 'vehicle-speed' } });
    fireEvent.change(screen.getByLabelText('Labels (optional)'), { target: { value: 'route=A1' } });
    fireEvent.change(screen.getByLabelText('Expected period in seconds (optional)'), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));

    const dialog = await screen.findByRole('dialog', { name: 'Token of car-7' });
    expect(api.called('POST', '/api/sensors')[0].body).toEqual({
      id: 'car-7', kind: 'sensor', type: 'vehicle-speed', labels: { route: 'A1' }, expectedPeriodSeconds: 1,
    });
    expect(dialog).toHaveTextContent('It is shown only once');
    const token = within(dialog).getByLabelText('Device token');
    expect(token).toHaveValue('tok-SECRET-123');
    expect(token).toHaveFocus();

    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Copy' })));
    expect(writeText).toHaveBeenCalledWith('tok-SECRET-123');
    expect(within(dialog).getByText('Copied to the clipboard.')).toBeInTheDocument();

    const done = within(dialog).getByRole('button', { name: 'Done' });
    expect(done).toBeDisabled();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    fireEvent.click(within(dialog).getByLabelText('I have saved the token somewhere safe'));
    fireEvent.click(done);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue('tok-SECRET-123')).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('tok-SECRET-123');
  });

  it('checks the form before sending and shows the platform\'s problems', async () => {
    const api = mockApi({
      'GET /api/auth/me': { body: ADMIN },
      'GET /api/sensors': { body: [] },
      'POST /api/sensors': { status: 409, body: { message: "a device named 'car-7' exists" } },
    });
    renderWithAuth(<Sensors />);
    fireEvent.click(await screen.findByRole('button', { name: 'Register' }));
    expect(await screen.findByText('Please correct the fields marked below.')).toBeInTheDocument();
    expect(screen.getByLabelText('Device id')).toHaveAttribute('aria-invalid', 'true');
    expect(api.called('POST', '/api/sensors')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('Device id'), { target: { value: 'car-7' } });
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'vehicle-speed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(await screen.findByText("a device named 'car-7' exists")).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('parseLabels', () => {
  it('reads key=value pairs', () => {
    expect(parseLabels('route=A1, zone = north\nlane=2')).toEqual({ labels: { route: 'A1', zone: 'north', lane: '2' }, problem: null });
    expect(parseLabels('')).toEqual({ labels: {}, problem: null });
    expect(parseLabels('route').problem).toBe('"route" is not key=value.');
  });
});
