import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from './App';
import { ADMIN, DEVELOPER, mockApi } from './test/api';

const APP = {
  name: 'hello-http',
  owner: 'ada',
  description: 'Says hello',
  latestVersion: '1.0.0',
  createdAt: '2026-01-01T10:00:00Z',
  updatedAt: '2026-01-01T10:00:00Z',
  link: 'http://localhost:8080/apps/hello-http/',
  deployment: null,
};

function go(path: string) {
  act(() => {
    window.location.hash = `#${path}`;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
}

describe('App', () => {
  beforeEach(() => {
    window.location.hash = '';
  });

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    mockApi({ 'GET /api/auth/me': { status: 401 }, 'POST /api/auth/refresh': { status: 401 } });
    render(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(window.location.hash).toBe('#/signin');
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Skip to content' })).toBeInTheDocument();
  });

  it('signs in and shows the dashboard with the developer navigation only', async () => {
    const api = mockApi({
      'GET /api/auth/me': { status: 401 },
      'POST /api/auth/refresh': { status: 401 },
      'POST /api/auth/login': { body: { ...DEVELOPER, accessToken: 't', tokenType: 'Bearer', expiresIn: 3600, refreshToken: 'r' } },
      'GET /api/apps': { body: [APP] },
    });
    render(<App />);
    fireEvent.change(await screen.findByLabelText('Username'), { target: { value: 'ada' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct-horse-battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'My apps' })).toBeInTheDocument();
    expect(api.called('POST', '/api/auth/login')[0].body).toEqual({ username: 'ada', password: 'correct-horse-battery' });
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'My apps' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).queryByRole('link', { name: 'Nodes' })).not.toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'hello-http' })).toHaveAttribute('href', '#/apps/hello-http');
  });

  it('shows the admin pages to admins', async () => {
    mockApi({ 'GET /api/auth/me': { body: ADMIN }, 'GET /api/apps': { body: [] } });
    render(<App />);
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    for (const name of ['Nodes', 'All apps', 'Sensors', 'Alerts', 'Users']) {
      expect(within(nav).getByRole('link', { name })).toBeInTheDocument();
    }
  });

  it('tells a developer that an admin page is for admins', async () => {
    mockApi({ 'GET /api/auth/me': { body: DEVELOPER } });
    window.location.hash = '#/admin/nodes';
    render(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Admins only' })).toBeInTheDocument();
  });

  it('goes back to sign-in when a request is refused with 401 and the session cannot be renewed', async () => {
    const api = mockApi({
      'GET /api/auth/me': { body: DEVELOPER },
      'GET /api/apps': { status: 401 },
      'POST /api/auth/refresh': { status: 401 },
    });
    render(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByText('Your session has ended. Sign in again to continue.')).toBeInTheDocument();
    expect(api.called('POST', '/api/auth/refresh').length).toBeGreaterThan(0);
  });

  it('renews the session once and retries when the token has expired', async () => {
    let refreshed = false;
    mockApi({
      'GET /api/auth/me': { body: DEVELOPER },
      'GET /api/apps': () => (refreshed ? { body: [APP] } : { status: 401 }),
      'POST /api/auth/refresh': () => {
        refreshed = true;
        return { body: {} };
      },
    });
    render(<App />);
    expect(await screen.findByRole('link', { name: 'hello-http' })).toBeInTheDocument();
  });

  it('moves focus to the new page heading on navigation', async () => {
    mockApi({ 'GET /api/auth/me': { body: DEVELOPER }, 'GET /api/apps': { body: [] } });
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: 'My apps' });
    go('/contract');
    const heading = await screen.findByRole('heading', { level: 1, name: 'App developer contract' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(document.title).toBe('App developer contract · Plinth');
  });

  it('shows the contract page without signing in', async () => {
    mockApi({ 'GET /api/auth/me': { status: 401 }, 'POST /api/auth/refresh': { status: 401 } });
    window.location.hash = '#/contract';
    render(<App />);
    expect(await screen.findByRole('link', { name: 'Download plinth-contract.zip' })).toHaveAttribute('href', '/api/contract');
    expect(screen.getByRole('link', { name: 'container-example.zip' })).toHaveAttribute('href', '/api/contract/container-example.zip');
  });

  it('says when a page does not exist', async () => {
    mockApi({});
    window.location.hash = '#/no/such/page';
    render(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
  });

  it('closes the phone menu when another page opens', async () => {
    mockApi({ 'GET /api/auth/me': { body: DEVELOPER }, 'GET /api/apps': { body: [APP] } });
    render(<App />);
    const menu = await screen.findByRole('button', { name: 'Menu' });
    expect(menu).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(menu);
    expect(menu).toHaveAttribute('aria-expanded', 'true');
    go('/upload');
    expect(await screen.findByRole('heading', { level: 1, name: 'Upload an app' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Menu' })).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(screen.getByRole('button', { name: 'Menu' }));
    expect(screen.getByRole('button', { name: 'Menu' })).toHaveAttribute('aria-expanded', 'true');
    fireEvent.click(screen.getByRole('button', { name: 'Menu' }));
    expect(screen.getByRole('button', { name: 'Menu' })).toHaveAttribute('aria-expanded', 'false');
  });
});
