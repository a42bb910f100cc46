import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ADMIN, mockApi, renderWithAuth } from '../test/api';
import { Alerts } from './Alerts';

const ALERT = {
  id: 'al-1', kind: 'NODE_LOST', severity: 'CRITICAL', subject: 'node-2', app: null, message: 'node-2 stopped sending heartbeats',
  raisedAt: '2026-01-01T10:00:00Z', lastAt: '2026-01-01T10:05:00Z', count: 3, acknowledged: false,
};

describe('Alerts', () => {
  it('shows that the alerts are loading', () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/alerts': 'pending', 'GET /api/metrics/summary': 'pending' });
    renderWithAuth(<Alerts />);
    expect(screen.getByText('Loading the alerts…')).toBeInTheDocument();
  });

  it('says that alerts are not available while the monitor API is missing', async () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN } });
    renderWithAuth(<Alerts />);
    expect(await screen.findByText('The alerts are not available yet')).toBeInTheDocument();
    expect(screen.getByText('The metrics summary is not available yet')).toBeInTheDocument();
  });

  it('says when nothing is open', async () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/alerts': { body: [] }, 'GET /api/metrics/summary': { body: { nodesReady: 3 } } });
    renderWithAuth(<Alerts />);
    expect(await screen.findByText('No open alerts. Everything the monitor watches is fine.')).toBeInTheDocument();
    expect(screen.getByText('Nodes ready')).toBeInTheDocument();
  });

  it('lists open alerts and acknowledges one', async () => {
    let acknowledged = false;
    const api = mockApi({
      'GET /api/auth/me': { body: ADMIN },
      'GET /api/alerts': () => ({ body: [{ ...ALERT, acknowledged }] }),
      'POST /api/alerts/al-1/ack': () => {
        acknowledged = true;
        return { body: { ...ALERT, acknowledged: true } };
      },
    });
    renderWithAuth(<Alerts />);
    const item = (await screen.findByText('node-2 stopped sending heartbeats', { selector: 'strong' })).closest('li')!;
    expect(within(item).getByText('Critical')).toBeInTheDocument();
    expect(item).toHaveTextContent('Node lost · node-2');
    expect(item).toHaveTextContent('3 times');
    expect(api.calls.find((c) => c.path === '/api/alerts')!.url.searchParams.get('open')).toBe('true');

    fireEvent.click(within(item).getByRole('button', { name: /Acknowledge/ }));
    expect(await screen.findByText('Alert "node-2 stopped sending heartbeats" acknowledged.')).toBeInTheDocument();
    expect(await screen.findByText('Acknowledged')).toBeInTheDocument();
  });

  it('shows every alert when "open only" is unticked', async () => {
    const api = mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/alerts': { body: [] } });
    renderWithAuth(<Alerts />);
    fireEvent.click(await screen.findByLabelText('Open alerts only'));
    expect(await screen.findByText('No alerts have been raised.')).toBeInTheDocument();
    const last = api.calls.filter((c) => c.path === '/api/alerts').pop()!;
    expect(last.url.searchParams.has('open')).toBe(false);
  });
});
