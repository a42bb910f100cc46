import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, mockApi, renderWithAuth } from '../test/api';
import { Nodes } from './Nodes';

const node = (name: string, adminState: string, instances: unknown[] = []) => ({
  name,
  kind: 'local',
  address: '127.0.0.1',
  runtime: 'process',
  state: adminState === 'ACTIVE' ? 'READY' : adminState,
  adminState,
  capacity: { cpu: 2, memoryMb: 2048 },
  used: { cpu: 0.5, memoryMb: 512 },
  reserved: { cpu: 1, memoryMb: 1024 },
  labels: { zone: 'north' },
  ports: { from: 21000, to: 21999 },
  lastHeartbeatAt: new Date().toISOString(),
  agentId: 'a',
  instances,
});

const INSTANCE = {
  id: 'hello-x1', app: 'hello', version: '1.0.0', deploymentId: 'd', desired: 'RUN', state: 'HEALTHY', stateAt: null,
  node: 'node-1', port: 21001, cpu: 0.5, memoryMb: 256, exitCode: null, message: null, unplacedReason: null,
};

describe('Nodes', () => {
  it('shows that the nodes are loading', () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/nodes': 'pending' });
    renderWithAuth(<Nodes />);
    expect(screen.getByText('Loading the nodes…')).toBeInTheDocument();
  });

  it('says when the inventory has no nodes', async () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/nodes': { body: [] } });
    renderWithAuth(<Nodes />);
    expect(await screen.findByText('The inventory lists no nodes.')).toBeInTheDocument();
  });

  it('explains a refusal (403)', async () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/nodes': { status: 403, body: { message: 'Forbidden' } } });
    renderWithAuth(<Nodes />);
    expect(await screen.findByRole('alert')).toHaveTextContent('You may not see the nodes');
  });

  it('shows each node with cpu and memory bars, labels and instances', async () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/nodes': { body: [node('node-1', 'ACTIVE', [INSTANCE]), node('node-2', 'CORDONED')] } });
    renderWithAuth(<Nodes />);
    const card = (await screen.findByRole('heading', { name: 'node-1' })).closest('li')!;
    const cpu = within(card).getByRole('meter', { name: 'CPU' });
    expect(cpu).toHaveAttribute('aria-valuenow', '0.5');
    expect(cpu).toHaveAttribute('aria-valuemax', '2');
    expect(cpu).toHaveAttribute('aria-valuetext', '0.5 of 2 cores used, 1 reserved (25%)');
    expect(within(card).getByRole('meter', { name: 'Memory' })).toHaveAttribute('aria-valuetext', '512 of 2048 MiB used, 1024 reserved (25%)');
    expect(within(card).getByText('zone=north')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'hello' })).toHaveAttribute('href', '#/apps/hello');
    expect(within(card).getByRole('button', { name: 'Drain node-1' })).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Cordon node-1' })).toBeInTheDocument();
    expect(within(card).queryByRole('button', { name: 'Uncordon node-1' })).not.toBeInTheDocument();

    const cordoned = screen.getByRole('heading', { name: 'node-2' }).closest('li')!;
    expect(within(cordoned).getByText('Cordoned')).toBeInTheDocument();
    expect(within(cordoned).getByRole('button', { name: 'Uncordon node-2' })).toBeInTheDocument();
    expect(within(cordoned).getByText('No instances')).toBeInTheDocument();
  });

  it('shows why a node that cannot isolate is not ready, and warns of one that runs unconfined', async () => {
    const broken = {
      ...node('node-2', 'ACTIVE'),
      state: 'NOT_READY',
      isolationProblems: ['bubblewrap is not installed at /usr/bin/bwrap: install it (Debian and Ubuntu: apt-get install bubblewrap)'],
    };
    const open = { ...node('node-3', 'ACTIVE'), isolation: 'none', isolationProblems: [] };
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/nodes': { body: [node('node-1', 'ACTIVE'), broken, open] } });
    renderWithAuth(<Nodes />);

    const notReady = (await screen.findByRole('heading', { name: 'node-2' })).closest('li')!;
    expect(within(notReady).getByText('Not ready')).toBeInTheDocument();
    expect(within(notReady).getByRole('status')).toHaveTextContent(
      'Not ready: its agent cannot isolate instances, so nothing is placed on it. To fix:bubblewrap is not installed at /usr/bin/bwrap',
    );
    const unconfined = screen.getByRole('heading', { name: 'node-3' }).closest('li')!;
    expect(within(unconfined).getByText(/Runs instances unconfined/)).toBeInTheDocument();
    const ready = screen.getByRole('heading', { name: 'node-1' }).closest('li')!;
    expect(within(ready).queryByText(/unconfined/)).not.toBeInTheDocument();
    expect(within(ready).queryByText(/cannot isolate/)).not.toBeInTheDocument();
  });

  it('drains a node after confirmation and reports a conflict', async () => {
    const api = mockApi({
      'GET /api/auth/me': { body: ADMIN },
      'GET /api/nodes': { body: [node('node-1', 'ACTIVE', [INSTANCE])] },
      'POST /api/nodes/node-1/drain': { body: node('node-1', 'DRAINING') },
      'POST /api/nodes/node-1/cordon': { status: 409, body: { message: "node 'node-1' is draining; uncordon it first" } },
    });
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderWithAuth(<Nodes />);
    fireEvent.click(await screen.findByRole('button', { name: 'Drain node-1' }));
    expect(await screen.findByText('node-1 is draining: its instances are being moved.')).toBeInTheDocument();
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('Drain node-1?'));
    expect(api.called('POST', '/api/nodes/node-1/drain')).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Cordon node-1' }));
    expect(await screen.findByText(/Could not cordon node-1: node 'node-1' is draining/)).toBeInTheDocument();
  });

  it('does nothing when the drain is not confirmed', async () => {
    const api = mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/nodes': { body: [node('node-1', 'ACTIVE')] } });
    vi.spyOn(window, 'confirm').mockReturnValue(false);
    renderWithAuth(<Nodes />);
    fireEvent.click(await screen.findByRole('button', { name: 'Drain node-1' }));
    expect(api.called('POST', '/api/nodes/node-1/drain')).toHaveLength(0);
  });
});
