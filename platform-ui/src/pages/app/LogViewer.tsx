import { useCallback, useEffect, useRef, useState } from 'react';
import { whoAmI } from '../../api/auth';
import { readLogs, tailLogs, type LogFilters } from '../../api/logs';
import type { LogRecord } from '../../api/types';
import { announce } from '../../components/announce';
import { ActionResult } from '../../components/ActionResult';
import { ErrorState, Loading } from '../../components/Async';
import { timeOnly } from '../../format';
import { useAction } from '../../hooks/useAction';

const MAX_LINES = 1000;
const PAGE = 200;

type Tail = 'connecting' | 'live' | 'reconnecting' | 'paused' | 'stopped' | 'unsupported';

const TAIL_TEXT: Record<Tail, string> = {
  connecting: 'Connecting to the live tail…',
  live: 'Live: new lines appear as they are written.',
  reconnecting: 'The live tail was interrupted; reconnecting…',
  paused: 'Live tail paused.',
  stopped: 'The live tail stopped.',
  unsupported: 'This browser cannot follow logs live; use Refresh.',
};

function merge(current: readonly LogRecord[], incoming: readonly LogRecord[]): LogRecord[] {
  const byId = new Map<string, LogRecord>();
  for (const line of current) byId.set(line.id, line);
  for (const line of incoming) byId.set(line.id, line);
  const all = [...byId.values()].sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
  return all.length > MAX_LINES ? all.slice(all.length - MAX_LINES) : all;
}

/** The lines shown for one set of filters, and where the next older page starts. */
interface Shown {
  readonly key: string;
  readonly lines: readonly LogRecord[];
  readonly next: string | null;
}

const NO_LINES: readonly LogRecord[] = [];

function filtersOf(app: string, level: string, q: string): LogFilters {
  return { app, level: level || undefined, q: q || undefined };
}

function filterKey(app: string, level: string, q: string): string {
  return JSON.stringify([app, level, q]);
}

/** Adds lines for these filters; lines kept for other filters are dropped. */
function withLines(current: Shown, key: string, incoming: readonly LogRecord[], next?: string | null): Shown {
  const lines = merge(current.key === key ? current.lines : NO_LINES, incoming);
  return { key, lines, next: next !== undefined ? next : current.key === key ? current.next : null };
}

/**
 * An app's log: the newest stored lines (`GET /api/logs`), older pages on demand, and new lines
 * as they are written through the live tail (Server-Sent Events on `GET /api/logs/tail`).
 */
export function LogViewer({ app }: { readonly app: string }) {
  const [level, setLevel] = useState('');
  const [query, setQuery] = useState('');
  const [appliedQuery, setAppliedQuery] = useState('');
  const [live, setLive] = useState(true);
  const [follow, setFollow] = useState(true);
  const [reloads, setReloads] = useState(0);
  // Each time the live tail is switched on or reconnected by hand, a new session starts.
  const [tailSessions, setTailSessions] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const loadOlder = useAction();

  // State is stored with the filters (and attempt) it belongs to, so a change of filters shows a
  // fresh start at once instead of resetting state from an effect.
  const key = filterKey(app, level, appliedQuery);
  const [shown, setShown] = useState<Shown>({ key, lines: [], next: null });
  const [history, setHistory] = useState<{ readonly key: string; readonly attempt: number; readonly error: unknown } | null>(null);
  const [tailState, setTailState] = useState<{ readonly key: string; readonly tail: Tail } | null>(null);

  const lines = shown.key === key ? shown.lines : NO_LINES;
  const next = shown.key === key ? shown.next : null;
  const answered = history !== null && history.key === key && history.attempt === reloads;
  const loading = !answered;
  const error = answered ? history.error : null;
  const tailKey = `${key}\n${tailSessions}`;
  const tail: Tail = !live
    ? 'paused'
    : typeof EventSource === 'undefined'
      ? 'unsupported'
      : tailState?.key === tailKey
        ? tailState.tail
        : 'connecting';

  // History: the newest page for the current filters.
  useEffect(() => {
    const controller = new AbortController();
    const filters = filtersOf(app, level, appliedQuery);
    const forKey = filterKey(app, level, appliedQuery);
    readLogs(filters, PAGE, { signal: controller.signal }).then(
      (page) => {
        setShown((current) => withLines(current, forKey, page.records, page.next));
        setHistory({ key: forKey, attempt: reloads, error: null });
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setHistory({ key: forKey, attempt: reloads, error: e });
      },
    );
    return () => controller.abort();
  }, [app, level, appliedQuery, reloads]);

  // The live tail, while "live" is on.
  useEffect(() => {
    if (!live || typeof EventSource === 'undefined') return;
    const filters = filtersOf(app, level, appliedQuery);
    const forKey = filterKey(app, level, appliedQuery);
    const session = `${forKey}\n${tailSessions}`;
    const setTail = (tail: Tail) => setTailState({ key: session, tail });
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let delay = 2000;
    let closed = false;
    const open = () => {
      source = tailLogs(filters);
      source.onopen = () => {
        delay = 2000;
        setTail('live');
      };
      source.onmessage = (event: MessageEvent<string>) => {
        try {
          const line = JSON.parse(event.data) as LogRecord;
          if (line && typeof line.id === 'string') setShown((current) => withLines(current, forKey, [line]));
        } catch {
          // Not a log line (a keep-alive without a name): nothing to show.
        }
      };
      source.onerror = () => {
        if (closed || !source) return;
        if (source.readyState === EventSource.CONNECTING) {
          setTail('reconnecting');
          return;
        }
        // The browser gave up (an error answer such as 401 or 404): ask who we are, which renews
        // an ended session or sends the user to sign in, then try again a little later.
        setTail('stopped');
        source.close();
        void whoAmI().then(
          () => {
            if (closed) return;
            retry = setTimeout(() => {
              setTail('connecting');
              open();
            }, delay);
            delay = Math.min(delay * 2, 30000);
          },
          () => undefined,
        );
      };
    };
    open();
    return () => {
      closed = true;
      if (retry) clearTimeout(retry);
      source?.close();
    };
  }, [app, level, appliedQuery, live, tailSessions]);

  useEffect(() => {
    if (tail !== 'connecting') announce(TAIL_TEXT[tail]);
  }, [tail]);

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, follow]);

  const { run } = loadOlder;
  const older = useCallback(() => {
    if (!next) return;
    const forKey = filterKey(app, level, appliedQuery);
    void run(() => readLogs(filtersOf(app, level, appliedQuery), PAGE, { before: next }), {
      done: (page) => `${page.records.length} older lines loaded.`,
      failed: 'Could not load older lines',
      onDone: (page) => {
        setFollow(false);
        setShown((current) => withLines(current, forKey, page.records, page.next));
      },
    });
  }, [next, app, level, appliedQuery, run]);

  return (
    <div className="logs">
      <form
        className="logs__controls"
        onSubmit={(e) => {
          e.preventDefault();
          setAppliedQuery(query.trim());
        }}
      >
        <div className="field field--inline">
          <label htmlFor="log-level">Lowest level</label>
          <select id="log-level" value={level} onChange={(e) => setLevel(e.target.value)}>
            <option value="">All</option>
            <option value="DEBUG">Debug</option>
            <option value="INFO">Info</option>
            <option value="WARN">Warning</option>
            <option value="ERROR">Error</option>
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor="log-q">Containing</label>
          <input id="log-q" type="search" value={query} maxLength={200} onChange={(e) => setQuery(e.target.value)} />
          <button type="submit" className="button button--secondary button--small">
            Filter
          </button>
        </div>
        <label className="choice">
          <input
            type="checkbox"
            checked={live}
            onChange={(e) => {
              setLive(e.target.checked);
              if (e.target.checked) setTailSessions((n) => n + 1);
            }}
          />{' '}
          Live tail
        </label>
        <label className="choice">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Scroll to new lines
        </label>
      </form>
      <p className={`tail tail--${tail}`} data-testid="tail-state">
        <span className="status__dot" aria-hidden="true" /> {TAIL_TEXT[tail]}
        {tail === 'stopped' && (
          <>
            {' '}
            <button type="button" className="link-button" onClick={() => setTailSessions((n) => n + 1)}>
              Reconnect
            </button>
          </>
        )}
      </p>
      {error ? (
        <ErrorState error={error} what="the logs" onRetry={() => setReloads((n) => n + 1)} />
      ) : loading && lines.length === 0 ? (
        <Loading label="Loading the logs…" />
      ) : (
        <>
          {next && (
            <button type="button" className="button button--secondary button--small" disabled={loadOlder.busy} onClick={older}>
              Load older lines
            </button>
          )}
          <ActionResult message={loadOlder.message} />
          <div
            ref={box}
            className="logs__lines"
            role="log"
            aria-live="off"
            aria-label={`Log lines of ${app}`}
            tabIndex={0}
          >
            {lines.length === 0 ? (
              <p className="muted">No log lines{level || appliedQuery ? ' match these filters' : ' yet'}.</p>
            ) : (
              <ol>
                {lines.map((line) => (
                  <li key={line.id} className={`logline logline--${line.level.toLowerCase()}`}>
                    <time dateTime={line.time}>{timeOnly(line.time)}</time>{' '}
                    <span className="logline__level">{line.level}</span>{' '}
                    <span className="logline__source">{line.instanceId ?? line.sourceName}</span>{' '}
                    <span className="logline__message">{line.message}</span>
                  </li>
                ))}
              </ol>
            )}
          </div>
          <p className="muted small">
            {lines.length} line{lines.length === 1 ? '' : 's'} shown (at most {MAX_LINES}).
          </p>
        </>
      )}
    </div>
  );
}
