import { useCallback, useState } from 'react';
import { describe } from '../api/http';
import { announce } from '../components/announce';

/** What became of the last action: shown beside its buttons and read out by screen readers. */
export interface ActionMessage {
  readonly ok: boolean;
  readonly text: string;
}

export interface ActionOutcome<T> {
  /** What to say when it worked: a sentence, or one made from the platform's answer. */
  readonly done: string | ((result: T) => string);
  /**
   * What to say when it failed: a start such as "Could not drain node-1", which the reason follows
   * after a colon; or a function of the error that answers the whole sentence, or null when the
   * caller shows the failure itself (a form that marks its fields).
   */
  readonly failed: string | ((error: unknown) => string | null);
  /** The thing acted on (a user, an alert) when a page has one button per thing: only its buttons wait. */
  readonly key?: string;
  /** After a success, once the message is set: reload what changed, take the answer in. */
  readonly onDone?: (result: T) => void;
}

export interface Action {
  /** True while any run of this action is under way. */
  readonly busy: boolean;
  /** True while a run for this key is under way. */
  isBusy(key: string): boolean;
  /** The last run's message; cleared when the next run starts. */
  readonly message: ActionMessage | null;
  /** Runs the task and resolves true when it worked; it never rejects, a failure becomes the message. */
  run<T>(task: () => Promise<T>, outcome: ActionOutcome<T>): Promise<boolean>;
  /** Forgets the last message (a form that is being corrected). */
  clear(): void;
}

const NO_KEY = '';

/**
 * A button's call to the platform: busy while it runs (to disable the button), then a success or
 * error message that is also announced in the page's polite live region.
 */
export function useAction(): Action {
  // One entry per run under way, so two rows acted on at once each stay busy until their own end.
  const [running, setRunning] = useState<readonly string[]>([]);
  const [message, setMessage] = useState<ActionMessage | null>(null);

  const run = useCallback(async <T>(task: () => Promise<T>, outcome: ActionOutcome<T>): Promise<boolean> => {
    const key = outcome.key ?? NO_KEY;
    setRunning((keys) => [...keys, key]);
    setMessage(null);
    let result: T;
    try {
      result = await task();
    } catch (error) {
      const text = typeof outcome.failed === 'function' ? outcome.failed(error) : `${outcome.failed}: ${describe(error)}`;
      if (text !== null) {
        setMessage({ ok: false, text });
        announce(text);
      }
      return false;
    } finally {
      setRunning((keys) => {
        const at = keys.indexOf(key);
        return at < 0 ? keys : [...keys.slice(0, at), ...keys.slice(at + 1)];
      });
    }
    const text = typeof outcome.done === 'function' ? outcome.done(result) : outcome.done;
    setMessage({ ok: true, text });
    announce(text);
    outcome.onDone?.(result);
    return true;
  }, []);

  const isBusy = useCallback((key: string) => running.includes(key), [running]);

  const clear = useCallback(() => setMessage(null), []);

  return { busy: running.length > 0, isBusy, message, run, clear };
}
