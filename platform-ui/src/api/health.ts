/** What the gateway's public `GET /health` said, reduced to what the page shows. */
export type Health =
  | { readonly state: 'up' }
  | { readonly state: 'down'; readonly status: string; readonly httpStatus: number };

/** The answer was not a health report (a proxy error page, a 404, a sign-in page...). */
export class UnexpectedHealthAnswer extends Error {
  constructor(readonly httpStatus: number) {
    super(`The platform answered HTTP ${httpStatus} without a health report.`);
    this.name = 'UnexpectedHealthAnswer';
  }
}

/**
 * Asks the platform whether it is up. Micronaut answers `{"status":"UP"}` with 200, and
 * `{"status":"DOWN"}` (or another status) with 503 while a part is unhealthy. A network failure
 * rejects with the fetch error; an answer that is not a health report rejects with
 * {@link UnexpectedHealthAnswer}.
 */
export async function fetchHealth(signal?: AbortSignal): Promise<Health> {
  const response = await fetch('/health', {
    headers: { Accept: 'application/json' },
    cache: 'no-store',
    signal,
  });
  let status: unknown;
  try {
    status = ((await response.json()) as { status?: unknown } | null)?.status;
  } catch {
    throw new UnexpectedHealthAnswer(response.status);
  }
  if (typeof status !== 'string') {
    throw new UnexpectedHealthAnswer(response.status);
  }
  const normalized = status.toUpperCase();
  if (response.ok && normalized === 'UP') {
    return { state: 'up' };
  }
  return { state: 'down', status: normalized, httpStatus: response.status };
}
