import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
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

/**
 * Loads data and then polls it every `intervalMs` (0: load once). Polls are skipped while the
 * tab is hidden and stop after a 401, which sends the user to sign-in anyway.
 */
export function usePolling<T>(
  load: (signal: AbortSignal) => Promise<T>,
  intervalMs: number,
  deps: DependencyList,
): Polled<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // A change of what is loaded starts from scratch.
  useEffect(() => {
    setData(undefined);
    setError(null);
    setLoading(true);
    setUpdatedAt(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

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
        const value = await loadRef.current(controller.signal);
        if (stopped) return;
        setData(value);
        setError(null);
        setUpdatedAt(new Date());
      } catch (e) {
        if (stopped || (e instanceof DOMException && e.name === 'AbortError')) return;
        setError(e);
        if (e instanceof ApiError && e.status === 401) again = false;
      } finally {
        if (!stopped) setLoading(false);
      }
      if (again && !stopped) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, intervalMs, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, updatedAt, reload };
}
