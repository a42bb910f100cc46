import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchHealth, UnexpectedHealthAnswer, type Health } from './api/health';

type View =
  | { readonly phase: 'loading' }
  | { readonly phase: 'done'; readonly health: Health; readonly at: Date }
  | { readonly phase: 'error'; readonly message: string; readonly at: Date };

function describeError(error: unknown): string {
  if (error instanceof UnexpectedHealthAnswer) {
    return error.message;
  }
  return 'The platform could not be reached. Check that it is running and that this page is served by its gateway.';
}

function timeOf(at: Date): string {
  return at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** The platform's health from `GET /health`, with a button to ask again. */
export function HealthStatus() {
  const [view, setView] = useState<View>({ phase: 'loading' });
  const current = useRef<AbortController | null>(null);

  // Asks /health; the view starts as "loading", and "Check again" sets it so before asking.
  const ask = useCallback(() => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    fetchHealth(controller.signal).then(
      (health) => {
        if (!controller.signal.aborted) setView({ phase: 'done', health, at: new Date() });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setView({ phase: 'error', message: describeError(error), at: new Date() });
        }
      },
    );
  }, []);

  useEffect(() => {
    ask();
    return () => current.current?.abort();
  }, [ask]);

  const check = () => {
    setView({ phase: 'loading' });
    ask();
  };

  const loading = view.phase === 'loading';
  let tone: 'pending' | 'up' | 'down' | 'error';
  let headline: string;
  let detail: string | null = null;
  if (view.phase === 'loading') {
    tone = 'pending';
    headline = 'Checking the platform…';
  } else if (view.phase === 'error') {
    tone = 'error';
    headline = 'Status unknown';
    detail = view.message;
  } else if (view.health.state === 'up') {
    tone = 'up';
    headline = 'Plinth is up';
    detail = 'Every part of the platform reports healthy.';
  } else {
    tone = 'down';
    headline = 'Plinth is down';
    detail = `The platform reports ${view.health.status} (HTTP ${view.health.httpStatus}): at least one part is unhealthy.`;
  }

  return (
    <section className="card" aria-labelledby="health-heading" aria-busy={loading}>
      <h2 id="health-heading">Platform status</h2>
      <div className={`status status--${tone}`} role="status" aria-live="polite" data-testid="health">
        <span className="status__dot" aria-hidden="true" />
        <div>
          <p className="status__headline">{headline}</p>
          {detail && <p className="status__detail">{detail}</p>}
          {view.phase !== 'loading' && (
            <p className="status__time">
              Checked at <time dateTime={view.at.toISOString()}>{timeOf(view.at)}</time>
            </p>
          )}
        </div>
      </div>
      <button type="button" className="button" onClick={check} disabled={loading}>
        {loading ? 'Checking…' : 'Check again'}
      </button>
    </section>
  );
}
