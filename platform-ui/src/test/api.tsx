import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { AuthProvider } from '../auth/AuthContext';

/** An answer of the mocked platform: a JSON body with a status, or a function of the request. */
export type Answer =
  | { status?: number; body?: unknown }
  | ((request: MockRequest) => Response | Promise<Response> | { status?: number; body?: unknown })
  | 'pending'
  | 'offline';

export interface MockRequest {
  readonly method: string;
  readonly path: string;
  readonly url: URL;
  readonly body: unknown;
}

export function json(body: unknown, status = 200): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

export const DEVELOPER = { username: 'ada', roles: ['DEVELOPER'] };
export const ADMIN = { username: 'root', roles: ['ADMIN', 'DEVELOPER'] };

/**
 * Stubs fetch with a table of answers keyed by "METHOD /path" (the query is ignored unless the
 * key has one). Unknown requests answer 404 like a missing route; `/api/auth/me` answers the
 * developer unless the table says otherwise.
 */
export function mockApi(routes: Record<string, Answer>) {
  const calls: MockRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input.toString(), 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    let body: unknown = init?.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        // keep the text
      }
    }
    const request: MockRequest = { method, path: url.pathname, url, body };
    calls.push(request);
    const answer =
      routes[`${method} ${url.pathname}${url.search}`] ??
      routes[`${method} ${url.pathname}`] ??
      (url.pathname === '/api/auth/me' ? { body: DEVELOPER } : undefined);
    if (answer === undefined) {
      return json({ status: 404, error: 'Not Found', message: `no such resource: ${url.pathname}`, problems: [] }, 404);
    }
    if (answer === 'pending') return new Promise<Response>(() => {});
    if (answer === 'offline') throw new TypeError('Failed to fetch');
    const result = typeof answer === 'function' ? await answer(request) : answer;
    if (result instanceof Response) return result;
    return json(result.body, result.status ?? 200);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, calls, called: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path) };
}

/** Renders a page inside the session provider, as the app does. */
export function renderWithAuth(ui: ReactElement) {
  return render(<AuthProvider>{ui}</AuthProvider>);
}

/** A minimal EventSource the log viewer can drive in jsdom, which has none. */
export class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent<string>) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.(new Event('open'));
  }

  emit(data: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(data) }));
  }

  fail(closed: boolean) {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.onerror?.(new Event('error'));
  }

  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
}
