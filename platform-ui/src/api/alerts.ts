import { api } from './http';
import { list } from './normalize';
import type { Alert } from './types';

/** Alerts the monitor raised, newest first, and acknowledging one. */

export async function listAlerts(openOnly: boolean, signal?: AbortSignal): Promise<Alert[]> {
  return list(await api<Alert[]>('/api/alerts', { signal, query: openOnly ? { open: true } : undefined }));
}

export async function acknowledgeAlert(id: string): Promise<void> {
  await api(`/api/alerts/${encodeURIComponent(id)}/ack`, { method: 'POST' });
}
