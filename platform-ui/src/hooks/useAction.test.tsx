import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http';
import { ANNOUNCER_ID } from '../components/announce';
import { useAction } from './useAction';

/** A promise the test settles when it wants to. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('useAction', () => {
  let region: HTMLElement;

  beforeEach(() => {
    region = document.createElement('div');
    region.id = ANNOUNCER_ID;
    document.body.append(region);
  });

  afterEach(() => region.remove());

  it('is busy while the task runs, then shows and announces what it made of the answer', async () => {
    const { result } = renderHook(() => useAction());
    const task = deferred<{ count: number }>();
    const onDone = vi.fn();
    let outcome!: Promise<boolean>;
    act(() => {
      outcome = result.current.run(() => task.promise, { done: (r) => `${r.count} lines loaded.`, failed: 'Could not load', onDone });
    });
    expect(result.current.busy).toBe(true);
    expect(result.current.message).toBeNull();
    expect(onDone).not.toHaveBeenCalled();

    await act(async () => {
      task.resolve({ count: 3 });
      expect(await outcome).toBe(true);
    });
    expect(result.current.busy).toBe(false);
    expect(result.current.message).toEqual({ ok: true, text: '3 lines loaded.' });
    expect(onDone).toHaveBeenCalledWith({ count: 3 });
    await waitFor(() => expect(region).toHaveTextContent('3 lines loaded.'));
  });

  it('turns a failure into an error message with the platform\'s reason, announced, and never rejects', async () => {
    const { result } = renderHook(() => useAction());
    const onDone = vi.fn();
    await act(async () => {
      const ok = await result.current.run(() => Promise.reject(new ApiError(409, "node 'node-1' is draining")), {
        done: 'node-1 is cordoned.',
        failed: 'Could not cordon node-1',
        onDone,
      });
      expect(ok).toBe(false);
    });
    expect(result.current.busy).toBe(false);
    expect(result.current.message).toEqual({ ok: false, text: "Could not cordon node-1: node 'node-1' is draining" });
    expect(onDone).not.toHaveBeenCalled();
    await waitFor(() => expect(region).toHaveTextContent("Could not cordon node-1: node 'node-1' is draining"));
  });

  it('leaves the message to the caller when its failure handler answers null', async () => {
    const { result } = renderHook(() => useAction());
    const seen: unknown[] = [];
    await act(async () => {
      await result.current.run(() => Promise.resolve('first'), { done: 'First done.', failed: 'Could not' });
    });
    expect(result.current.message).toEqual({ ok: true, text: 'First done.' });
    const error = new ApiError(422, 'The request has problems.');
    await act(async () => {
      await result.current.run(() => Promise.reject(error), {
        done: 'Second done.',
        failed: (e) => {
          seen.push(e);
          return null;
        },
      });
    });
    expect(seen).toEqual([error]);
    expect(result.current.message).toBeNull();
  });

  it('forgets its message when cleared', async () => {
    const { result } = renderHook(() => useAction());
    await act(async () => {
      await result.current.run(() => Promise.resolve(), { done: 'Done.', failed: 'Could not' });
    });
    expect(result.current.message).toEqual({ ok: true, text: 'Done.' });
    act(() => result.current.clear());
    expect(result.current.message).toBeNull();
  });

  it('keeps each key busy until its own run ends', async () => {
    const { result } = renderHook(() => useAction());
    const ada = deferred<void>();
    const bob = deferred<void>();
    act(() => {
      void result.current.run(() => ada.promise, { key: 'ada', done: 'ada is disabled.', failed: 'Could not change ada' });
      void result.current.run(() => bob.promise, { key: 'bob', done: 'bob is disabled.', failed: 'Could not change bob' });
    });
    expect(result.current.isBusy('ada')).toBe(true);
    expect(result.current.isBusy('bob')).toBe(true);
    expect(result.current.isBusy('carl')).toBe(false);

    await act(async () => {
      ada.resolve();
      await ada.promise;
    });
    expect(result.current.isBusy('ada')).toBe(false);
    expect(result.current.isBusy('bob')).toBe(true);
    expect(result.current.busy).toBe(true);
    expect(result.current.message).toEqual({ ok: true, text: 'ada is disabled.' });

    await act(async () => {
      bob.reject(new Error('directory unreachable'));
      await bob.promise.catch(() => undefined);
    });
    expect(result.current.busy).toBe(false);
    expect(result.current.message).toEqual({ ok: false, text: 'Could not change bob: directory unreachable' });
  });
});
