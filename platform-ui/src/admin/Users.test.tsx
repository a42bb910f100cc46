import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, mockApi, renderWithAuth } from '../test/api';
import { Users } from './Users';

const USERS = [
  { username: 'root', name: 'Platform admin', email: null, roles: ['ADMIN', 'DEVELOPER'], disabled: false },
  { username: 'ada', name: 'Ada Lovelace', email: 'ada@example.com', roles: ['DEVELOPER'], disabled: false },
  { username: 'bob', disabled: true },
];

describe('Users', () => {
  it('shows that users are loading', () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/users': 'pending' });
    renderWithAuth(<Users />);
    expect(screen.getByText('Loading the users…')).toBeInTheDocument();
  });

  it('explains an error', async () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/users': { status: 500, body: { message: 'directory unreachable' } } });
    renderWithAuth(<Users />);
    expect(await screen.findByRole('alert')).toHaveTextContent('directory unreachable');
  });

  it('lists users with roles and state, without disabling yourself', async () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/users': { body: USERS } });
    renderWithAuth(<Users />);
    const me = (await screen.findByRole('rowheader', { name: /root \(you\)/ })).closest('tr')!;
    expect(within(me).queryByRole('button', { name: /Disable/ })).not.toBeInTheDocument();
    expect(within(me).getByRole('button', { name: 'Revoke admin from root' })).toBeInTheDocument();
    const ada = screen.getByRole('rowheader', { name: /ada/ }).closest('tr')!;
    expect(ada).toHaveTextContent('developer');
    expect(within(ada).getByRole('button', { name: 'Disable ada' })).toBeInTheDocument();
    expect(within(ada).getByRole('button', { name: 'Grant admin to ada' })).toBeInTheDocument();
    const bob = screen.getByRole('rowheader', { name: /bob/ }).closest('tr')!;
    expect(within(bob).getByText('Disabled')).toBeInTheDocument();
    expect(within(bob).getByRole('button', { name: 'Enable bob' })).toBeInTheDocument();
  });

  it('disables, grants admin and reports a refusal', async () => {
    const api = mockApi({
      'GET /api/auth/me': { body: ADMIN },
      'GET /api/users': { body: USERS },
      'POST /api/users/ada/disable': { body: { ...USERS[1], disabled: true } },
      'PUT /api/users/ada/admin': { body: { ...USERS[1], roles: ['ADMIN', 'DEVELOPER'] } },
      'DELETE /api/users/root/admin': { status: 409, body: { message: "'root' is the last admin; grant admin to someone else first" } },
    });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderWithAuth(<Users />);
    fireEvent.click(await screen.findByRole('button', { name: 'Disable ada' }));
    expect(await screen.findByText('ada is disabled.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Grant admin to ada' }));
    expect(await screen.findByText('ada is an admin now.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Revoke admin from root' }));
    expect(await screen.findByText(/Could not change root: 'root' is the last admin/)).toBeInTheDocument();
    expect(api.called('POST', '/api/users/ada/disable')).toHaveLength(1);
    expect(api.called('PUT', '/api/users/ada/admin')).toHaveLength(1);
  });

  it('shows whether registration is open and switches it', async () => {
    const api = mockApi({
      'GET /api/auth/me': { body: ADMIN },
      'GET /api/users': { body: USERS },
      'GET /api/settings/registration': { body: { open: true, changedBy: null, changedAt: null } },
      'PUT /api/settings/registration': { body: { open: false, changedBy: 'root', changedAt: '2026-12-02T05:00:00Z' } },
    });
    renderWithAuth(<Users />);
    expect(await screen.findByText(/Open: anyone who reaches the platform can create a developer account/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Close registration' }));
    expect(await screen.findByText(/Closed: the platform refuses new accounts; people ask an admin instead. Last switched by root./)).toBeInTheDocument();
    expect(api.called('PUT', '/api/settings/registration')[0].body).toEqual({ open: false });
    expect(screen.getByRole('button', { name: 'Open registration' })).toBeInTheDocument();
  });
});
