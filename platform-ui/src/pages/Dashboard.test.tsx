import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockApi, renderWithAuth } from '../test/api';
import { Dashboard } from './Dashboard';

const RUNNING = {
  name: 'speed-alert',
  owner: 'ada',
  description: 'Warns about speeding',
  latestVersion: '1.1.0',
  createdAt: '2026-01-01T10:00:00Z',
  updatedAt: '2026-01-02T10:00:00Z',
  link: 'http://localhost:8080/apps/speed-alert/',
  deployment: { id: 'd1', status: 'RUNNING', reason: null, version: '1.0.0', desiredInstances: 2, link: 'x' },
};

describe('Dashboard', () => {
  it('shows that the apps are loading', () => {
    mockApi({ 'GET /api/apps': 'pending', 'GET /health': 'pending' });
    renderWithAuth(<Dashboard />);
    expect(screen.getByText('Loading your apps…')).toBeInTheDocument();
  });

  it('invites to upload when there is no app', async () => {
    mockApi({ 'GET /api/apps': { body: [] }, 'GET /health': { body: { status: 'UP' } } });
    renderWithAuth(<Dashboard />);
    expect(await screen.findByText('You have no apps yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'upload your first package' })).toHaveAttribute('href', '#/upload');
  });

  it('says what went wrong when the apps cannot be loaded', async () => {
    mockApi({ 'GET /api/apps': 'offline', 'GET /health': { body: { status: 'UP' } } });
    renderWithAuth(<Dashboard />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load your apps');
    expect(alert).toHaveTextContent('The platform could not be reached');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('lists the apps with their state, instances and link', async () => {
    mockApi({
      'GET /api/apps': { body: [RUNNING, { ...RUNNING, name: 'idle-app', deployment: null, latestVersion: '0.1.0' }] },
      'GET /health': { body: { status: 'UP' } },
    });
    renderWithAuth(<Dashboard />);
    const row = (await screen.findByRole('link', { name: 'speed-alert' })).closest('tr')!;
    expect(within(row).getByText('Running')).toBeInTheDocument();
    expect(within(row).getByText('2')).toBeInTheDocument();
    expect(within(row).getByText('latest 1.1.0')).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: /Open/ })).toHaveAttribute('href', '/apps/speed-alert/');
    const idle = screen.getByRole('link', { name: 'idle-app' }).closest('tr')!;
    expect(within(idle).getByText('Not deployed')).toBeInTheDocument();
  });
});
