import { api, withQuery } from './http';
import { logPage } from './normalize';
import type { LogPage } from './types';

/** Log lines (logger): stored pages, newest first, and the live tail over Server-Sent Events. */

export interface LogFilters {
  readonly app: string;
  /** The lowest level shown. */
  readonly level?: string;
  /** Text the lines contain. */
  readonly q?: string;
}

/** A page of the newest lines, or of the lines before `before` (a page's `next`). */
export async function readLogs(
  filters: LogFilters,
  limit: number,
  options: { readonly before?: string; readonly signal?: AbortSignal } = {},
): Promise<LogPage> {
  const query = { ...filters, limit, before: options.before };
  return logPage(await api<LogPage>('/api/logs', { query, signal: options.signal }));
}

/** The live tail: each message is one log line as JSON. The caller closes it. */
export function tailLogs(filters: LogFilters): EventSource {
  return new EventSource(withQuery('/api/logs/tail', { ...filters }));
}
