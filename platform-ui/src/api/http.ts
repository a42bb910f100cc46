/** One problem in a request, as every Plinth API reports it: where, and what is wrong. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/**
 * An answer other than 2xx, or no answer at all (status 0). `message` is the platform's own
 * sentence when it sent one; `problems` lists each mistake of a 400 or 422 by path.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The service behind this path is missing or down (not built yet, not deployed, restarting). */
  get unavailable(): boolean {
    return this.status === 0 || this.status === 404 || this.status === 501 || this.status === 502 || this.status === 503;
  }

  get forbidden(): boolean {
    return this.status === 403;
  }
}

type Listener = () => void;
const expiredListeners = new Set<Listener>();

/** Called when a request is refused with 401 even after a refresh: the session is over. */
export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

/** Tells everyone the session is over (a 401 that a refresh could not cure). */
export function sessionExpired(): void {
  for (const listener of [...expiredListeners]) listener();
}

let refreshing: Promise<boolean> | null = null;

/**
 * Renews the session cookie with the refresh cookie. Concurrent callers share one attempt: a
 * refresh token works only once, so two refreshes in parallel would end the session.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch('/api/auth/refresh', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  })
    .then((response) => response.ok)
    .catch(() => false)
    .finally(() => {
      // Let the next expiry try again once this attempt has settled.
      setTimeout(() => {
        refreshing = null;
      }, 0);
    });
  return refreshing;
}

export interface RequestOptions {
  readonly method?: string;
  /** Sent as JSON unless it is FormData. */
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /**
   * Sign-in, registration and sign-out: a 401 there is an answer to show, not an ended session,
   * so no refresh is tried and nobody is sent back to the sign-in page.
   */
  readonly anonymous?: boolean;
  readonly query?: Record<string, string | number | boolean | undefined | null>;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const FALLBACK: Record<number, string> = {
  0: 'The platform could not be reached. Check your connection and that Plinth is running.',
  400: 'The request was not accepted.',
  401: 'Your session has ended. Sign in again.',
  403: 'You do not have permission to do this.',
  404: 'Not found.',
  409: 'This conflicts with the current state.',
  413: 'The upload is too large.',
  422: 'The request has problems.',
  429: 'Too many attempts. Wait a moment and try again.',
  502: 'The service behind this page did not answer properly.',
  503: 'The service behind this page is not available right now.',
};

/** Turns an error answer into an {@link ApiError}, keeping the platform's message and problems. */
export function errorOf(status: number, body: unknown): ApiError {
  let message = FALLBACK[status] ?? `The platform answered HTTP ${status}.`;
  let problems: Problem[] = [];
  if (body && typeof body === 'object') {
    const b = body as { message?: unknown; problems?: unknown };
    if (typeof b.message === 'string' && b.message.trim()) message = b.message;
    if (Array.isArray(b.problems)) {
      problems = b.problems
        .filter((p): p is { path?: unknown; message?: unknown } => !!p && typeof p === 'object')
        .map((p) => ({ path: typeof p.path === 'string' ? p.path : '', message: String(p.message ?? '') }));
    }
  }
  return new ApiError(status, message, problems);
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  try {
    return await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      cache: 'no-store',
      headers,
      body,
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, FALLBACK[0]);
  }
}

/**
 * Calls a Plinth API with the session cookie. A 401 triggers one refresh and one retry; when that
 * fails too, everyone listening to {@link onSessionExpired} hears of it and the call rejects.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(path, options);
  if (response.status === 401 && !options.anonymous) {
    if (await refreshSession()) response = await send(path, options);
    if (response.status === 401) {
      sessionExpired();
      throw errorOf(401, null);
    }
  }
  const body = await readBody(response);
  if (!response.ok) throw errorOf(response.status, body);
  return body as T;
}

/** A readable sentence for any error a page may catch. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
