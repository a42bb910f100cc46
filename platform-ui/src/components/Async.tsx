import type { ReactNode } from 'react';
import { ApiError, describe } from '../api/http';
import { timeOnly } from '../format';

export function Loading({ label }: { readonly label: string }) {
  return (
    <p className="state state--loading" role="status">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

export function Empty({ children }: { readonly children: ReactNode }) {
  return <div className="state state--empty">{children}</div>;
}

/**
 * What went wrong, in words: a missing service ("not available yet"), a refusal (403), or the
 * platform's own message; with a button to try again.
 */
export function ErrorState({
  error,
  what,
  onRetry,
}: {
  readonly error: unknown;
  /** What could not be loaded, e.g. "the nodes". */
  readonly what: string;
  readonly onRetry?: () => void;
}) {
  let title = `Could not load ${what}`;
  let detail = describe(error);
  let tone = 'error';
  if (error instanceof ApiError && error.unavailable && error.status !== 0) {
    title = `${capitalize(what)} ${what.endsWith('s') ? 'are' : 'is'} not available yet`;
    detail = `The service that provides ${what} is not running on this platform or not reachable (HTTP ${error.status}). This page will work once it is.`;
    tone = 'unavailable';
  } else if (error instanceof ApiError && error.forbidden) {
    title = `You may not see ${what}`;
    detail = `${error.message} Ask an admin if you need access.`;
    tone = 'forbidden';
  }
  return (
    <div className={`state state--${tone}`} role="alert">
      <p className="state__title">{title}</p>
      <p>{detail}</p>
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Says when live data could not be refreshed, while the last good data stays on screen. */
export function StaleNote({ error, updatedAt }: { readonly error: unknown; readonly updatedAt: Date | null }) {
  if (!error) return null;
  return (
    <p className="note note--warn" role="status">
      Could not refresh: {describe(error)}
      {updatedAt ? ` Showing what was known at ${timeOnly(updatedAt)}.` : ''}
    </p>
  );
}

export function LastUpdated({ at }: { readonly at: Date | null }) {
  if (!at) return null;
  return (
    <p className="updated">
      Updated <time dateTime={at.toISOString()}>{timeOnly(at)}</time>, refreshes automatically.
    </p>
  );
}

/**
 * The four states of data loaded from the platform: loading, error, empty, and the data itself.
 * After a first success, a failed refresh keeps the data and adds a note instead of an error.
 */
export function Async<T>({
  polled,
  what,
  isEmpty,
  empty,
  children,
}: {
  readonly polled: { data: T | undefined; error: unknown; loading: boolean; updatedAt: Date | null; reload: () => void };
  readonly what: string;
  readonly isEmpty?: (data: T) => boolean;
  readonly empty?: ReactNode;
  readonly children: (data: T) => ReactNode;
}) {
  const { data, error, loading, updatedAt, reload } = polled;
  if (data === undefined) {
    if (loading) return <Loading label={`Loading ${what}…`} />;
    if (error) return <ErrorState error={error} what={what} onRetry={reload} />;
    return <Loading label={`Loading ${what}…`} />;
  }
  return (
    <>
      <StaleNote error={error} updatedAt={updatedAt} />
      {isEmpty && isEmpty(data) ? <Empty>{empty}</Empty> : children(data)}
    </>
  );
}
