import { api } from './http';
import type { Me } from './types';

/*
 * Sessions and accounts. The session is the PLINTH_SESSION cookie the platform sets; the refresh
 * that renews it lives in `http.ts`, because every call may need it. Sign-in, registration and
 * sign-out are anonymous: a 401 there is an answer to show, not an ended session.
 */

/** Who is signed in; rejects with a 401 when nobody is. */
export function whoAmI(signal?: AbortSignal): Promise<Me> {
  return api<Me>('/api/auth/me', { signal });
}

export async function logIn(username: string, password: string): Promise<Me> {
  const session = await api<{ username: string; roles: string[] }>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
    anonymous: true,
  });
  return { username: session.username, roles: session.roles };
}

export async function logOut(): Promise<void> {
  await api('/api/auth/logout', { method: 'POST', anonymous: true });
}

export interface NewAccount {
  readonly username: string;
  readonly password: string;
  readonly name?: string;
  readonly email?: string;
}

/** Creates a developer account; it does not sign in. */
export async function register(account: NewAccount): Promise<void> {
  await api('/api/auth/register', { method: 'POST', anonymous: true, body: account });
}

/** Whether self-registration is open (anyone may ask). */
export async function registrationOpen(signal?: AbortSignal): Promise<boolean> {
  const answer = await api<{ open: boolean }>('/api/auth/registration', { anonymous: true, signal });
  return answer.open !== false;
}
