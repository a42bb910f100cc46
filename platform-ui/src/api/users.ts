import { api } from './http';
import * as normalize from './normalize';
import type { UserView } from './types';

/** People on the platform and whether anyone may register (admins only). */

export type UserChange = 'disable' | 'enable' | 'grant-admin' | 'revoke-admin';

const CHANGES: Record<UserChange, { method: string; path: string }> = {
  disable: { method: 'POST', path: '/disable' },
  enable: { method: 'POST', path: '/enable' },
  'grant-admin': { method: 'PUT', path: '/admin' },
  'revoke-admin': { method: 'DELETE', path: '/admin' },
};

export async function listUsers(signal?: AbortSignal): Promise<UserView[]> {
  return normalize.users(await api<UserView[]>('/api/users', { signal }));
}

/** Disables or enables a user (a disabled user's sessions end within seconds), or grants or revokes admin. */
export async function changeUser(username: string, change: UserChange): Promise<void> {
  const { method, path } = CHANGES[change];
  await api(`/api/users/${encodeURIComponent(username)}${path}`, { method });
}

/** Whether anyone may create a developer account, and who last decided. */
export interface RegistrationSetting {
  readonly open: boolean;
  readonly changedBy?: string | null;
  readonly changedAt?: string | null;
}

const REGISTRATION = '/api/settings/registration';

export function getRegistrationSetting(signal?: AbortSignal): Promise<RegistrationSetting> {
  return api<RegistrationSetting>(REGISTRATION, { signal });
}

/** Opens or closes self-registration; the platform keeps the choice, so every gateway follows it. */
export function setRegistrationOpen(open: boolean): Promise<RegistrationSetting> {
  return api<RegistrationSetting>(REGISTRATION, { method: 'PUT', body: { open } });
}
