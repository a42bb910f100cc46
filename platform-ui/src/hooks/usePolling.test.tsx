import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http';
import { usePolling, type Load } from './usePolling';

describe('usePolling', () => {
  it('loads, polls again, and keeps the last data with the error when a poll fails', async () => {
    // Each poll waits for the test to answer it, so no answer is missed between two looks.
    const pending: Array<{ resolve: (v: string) => void; reject: (e: unknown) => void }> = [];
    const load = vi.fn<Load<string>>(() => new Promise<string>((resolve, reject) => pending.push({ resolve, reject })));
    const { result } = renderHook(() => usePolling(load, 10));
    expect(result.current.loading).toBe(true);

    await act(async () => pending[0].resolve('first'));
    expect(result.current.data).toBe('first');
    expect(result.current.loading).toBe(false);
    expect(result.current.updatedAt).not.toBeNull();

    await waitFor(() => expect(pending).toHaveLength(2));
    await act(async () => pending[1].reject(new ApiError(503, 'monitor is restarting')));
    expect(result.current.error).toBeInstanceOf(ApiError);
    expect(result.current.data).toBe('first');

    await waitFor(() => expect(pending).toHaveLength(3));
    await act(async () => pending[2].resolve('third'));
    expect(result.current.data).toBe('third');
    expect(result.current.error).toBeNull();
  });

  it('starts from scratch when the load changes (another app), never showing the old data', async () => {
    const loadA = vi.fn<Load<string>>(() => Promise.resolve('app a'));
    const loadB = vi.fn<Load<string>>(() => new Promise<string>(() => {}));
    const { result, rerender } = renderHook(({ load }) => usePolling(load, 0), { initialProps: { load: loadA } });
    await waitFor(() => expect(result.current.data).toBe('app a'));

    rerender({ load: loadB });
    expect(result.current.data).toBeUndefined();
    expect(result.current.loading).toBe(true);
    expect(result.current.updatedAt).toBeNull();
    expect(loadB).toHaveBeenCalledTimes(1);
    // The first signal was aborted: its page no longer needs it.
    expect(loadA.mock.calls[0][0].aborted).toBe(true);
  });

  it('keeps one load function across renders and asks again only when told to', async () => {
    const load = vi.fn<Load<number>>(() => Promise.resolve(1));
    const { result, rerender } = renderHook(() => usePolling(load, 0));
    await waitFor(() => expect(result.current.data).toBe(1));
    rerender();
    rerender();
    expect(load).toHaveBeenCalledTimes(1);

    act(() => result.current.reload());
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
  });

  it('stops polling after a 401', async () => {
    const load = vi.fn<Load<string>>(() => Promise.reject(new ApiError(401, 'Your session has ended.')));
    const { result } = renderHook(() => usePolling(load, 5));
    await waitFor(() => expect(result.current.error).toBeInstanceOf(ApiError));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(load).toHaveBeenCalledTimes(1);
  });
});
