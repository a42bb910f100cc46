import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockApi, renderWithAuth } from '../test/api';
import { Register, validateRegistration } from './Register';
import { SignIn } from './SignIn';

function fill(values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('Register', () => {
  it('checks the fields before sending', async () => {
    const api = mockApi({ 'GET /api/auth/me': { status: 401 }, 'POST /api/auth/refresh': { status: 401 } });
    renderWithAuth(<Register />);
    fill({ Username: 'Ada!', Password: 'short', 'Repeat the password': 'other' });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please correct the fields marked below.');
    expect(screen.getByLabelText('Username')).toHaveAccessibleDescription(/Use 3 to 32 lower-case letters/);
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(/Use at least 10 characters/);
    expect(screen.getByLabelText('Repeat the password')).toHaveAccessibleDescription('The two passwords differ.');
    expect(api.called('POST', '/api/auth/register')).toHaveLength(0);
  });

  it('says when registration is closed and disables the form', async () => {
    mockApi({
      'GET /api/auth/me': { status: 401 },
      'POST /api/auth/refresh': { status: 401 },
      'GET /api/auth/registration': { body: { open: false } },
    });
    renderWithAuth(<Register />);
    expect(await screen.findByText('Registration is closed on this platform; ask an admin for an account.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create account' })).toBeDisabled();
  });

  it('shows the refusal of a registration closed meanwhile', async () => {
    mockApi({
      'GET /api/auth/me': { status: 401 },
      'POST /api/auth/refresh': { status: 401 },
      'GET /api/auth/registration': { body: { open: true } },
      'POST /api/auth/register': { status: 403, body: { message: 'registration is closed; ask an admin' } },
    });
    renderWithAuth(<Register />);
    fill({ Username: 'ada', Password: 'correct-horse-battery', 'Repeat the password': 'correct-horse-battery' });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('registration is closed; ask an admin');
  });

  it('shows a taken username', async () => {
    mockApi({
      'GET /api/auth/me': { status: 401 },
      'POST /api/auth/refresh': { status: 401 },
      'POST /api/auth/register': { status: 409, body: { message: "the username 'ada' is taken; choose another" } },
    });
    renderWithAuth(<Register />);
    fill({ Username: 'ada', Password: 'correct-horse-battery', 'Repeat the password': 'correct-horse-battery' });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText("the username 'ada' is taken; choose another")).toBeInTheDocument();
  });

  it('registers, then signs in with the new account', async () => {
    const api = mockApi({
      'GET /api/auth/me': { status: 401 },
      'POST /api/auth/refresh': { status: 401 },
      'POST /api/auth/register': { status: 201, body: { username: 'ada', roles: ['DEVELOPER'] } },
      'POST /api/auth/login': { body: { username: 'ada', roles: ['DEVELOPER'] } },
    });
    renderWithAuth(<Register />);
    fill({ Username: 'ada', Password: 'correct-horse-battery', 'Repeat the password': 'correct-horse-battery', 'Email (optional)': 'ada@example.com' });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await screen.findByRole('button', { name: 'Creating your account…' });
    await new Promise((r) => setTimeout(r, 50));
    expect(api.called('POST', '/api/auth/register')[0].body).toEqual({ username: 'ada', password: 'correct-horse-battery', email: 'ada@example.com' });
    expect(api.called('POST', '/api/auth/login')[0].body).toEqual({ username: 'ada', password: 'correct-horse-battery' });
  });

  it('applies the platform\'s rules', () => {
    const ok = { username: 'ada', password: 'correct-horse-battery', confirm: 'correct-horse-battery', name: '', email: '' };
    expect(validateRegistration(ok)).toEqual({});
    expect(validateRegistration({ ...ok, password: 'adaadaadaada'.slice(0, 10), username: 'adaadaadaa' }).password).toBe('The password must not be the username.');
    expect(validateRegistration({ ...ok, email: 'nope' }).email).toBeDefined();
    expect(validateRegistration({ ...ok, username: 'ab' }).username).toBeDefined();
  });
});

describe('SignIn', () => {
  it('says when the username or password is wrong', async () => {
    mockApi({
      'GET /api/auth/me': { status: 401 },
      'POST /api/auth/refresh': { status: 401 },
      'POST /api/auth/login': { status: 401, body: { message: 'wrong username or password' } },
    });
    renderWithAuth(<SignIn />);
    fill({ Username: 'ada', Password: 'nope-nope-nope' });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Wrong username or password.');
  });

  it('asks for both fields', async () => {
    mockApi({ 'GET /api/auth/me': { status: 401 }, 'POST /api/auth/refresh': { status: 401 } });
    renderWithAuth(<SignIn />);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter your username and password.');
  });

  it('shows the wait after too many attempts', async () => {
    mockApi({
      'GET /api/auth/me': { status: 401 },
      'POST /api/auth/refresh': { status: 401 },
      'POST /api/auth/login': { status: 429, body: { message: 'too many attempts from your address; try again in 42 s' } },
    });
    renderWithAuth(<SignIn />);
    fill({ Username: 'ada', Password: 'whatever-long' });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('try again in 42 s');
  });
});
