import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/http';

export interface Polled<T> {
  /** The latest data; kept when a later poll fails, so the page does not flicker. */
  readonly data: T | undefined;
  /** The last poll's failure, cleared by the next success. */
  readonly error: unknown;
  /** True until the first answer (data or error). */
  readonly loading: boolean;
  readonly updatedAt: Date | null;
  /** Asks again now (after an action), without waiting for the next tick. */
  readonly reload: () => void;
}

/** Asks the platform once; the signal aborts the request when the page no longer needs it. */
export type Load<T> = (signal: AbortSignal) => Promise<T>;

/** The last answer, kept with the load it answers so that an answer to another load is never shown. */
interface Answer<T> {
  readonly load: Load<T>;
  readonly data: T | undefined;
  readonly error: unknown;
  readonly updatedAt: Date | null;
}

/**
 * Loads data and then polls it every `intervalMs` (0: load once). Polls are skipped while the
 * tab is hidden and stop after a 401, which sends the user to sign-in anyway.
 *
 * `load` must keep its identity between renders (a module function, or `useCallback` with what
 * it reads as dependencies): a new `load` starts from scratch, which is how a page that shows
 * another app forgets the last one.
 */
export function usePolling<T>(load: Load<T>, intervalMs: number): Polled<T> {
  const [answer, setAnswer] = useState<Answer<T> | null>(null);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | null = null;

    const tick = async () => {
      if (stopped) return;
      if (typeof document !== 'undefined' && document.hidden && intervalMs > 0) {
        timer = setTimeout(tick, intervalMs);
        return;
      }
      controller = new AbortController();
      let again = intervalMs > 0;
      try {
        const data = await load(controller.signal);
        if (stopped) return;
        setAnswer({ load, data, error: null, updatedAt: new Date() });
      } catch (e) {
        if (stopped || (e instanceof DOMException && e.name === 'AbortError')) return;
        setAnswer((last) =>
          last?.load === load ? { ...last, error: e } : { load, data: undefined, error: e, updatedAt: null },
        );
        if (e instanceof ApiError && e.status === 401) again = false;
      }
      if (again && !stopped) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
    };
  }, [load, intervalMs, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = answer?.load === load ? answer : null;
  return {
    data: current?.data,
    error: current?.error ?? null,
    loading: current === null,
    updatedAt: current?.updatedAt ?? null,
    reload,
  };
}
