import { useSyncExternalStore } from 'react';

/*
 * Hash routing: every page lives at `#/...`, so the gateway serves index.html for `/` only and
 * never confuses a page of the console with `/apps/{name}/` or `/api/...`.
 */

export interface Route {
  /** The path after `#`, always starting with `/`, without the query. */
  readonly path: string;
  readonly params: URLSearchParams;
}

function read(): string {
  const hash = window.location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash : `/${hash}`;
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

export function useRoute(): Route {
  const full = useSyncExternalStore(subscribe, read, () => '/');
  const [path, query = ''] = full.split('?', 2);
  return { path: path || '/', params: new URLSearchParams(query) };
}

/** The href of a page, for links. */
export function href(path: string): string {
  return `#${path}`;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const target = href(path);
  if (window.location.hash === target) return;
  if (options.replace) {
    window.history.replaceState(null, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = target;
  }
}

/**
 * Matches a path against a pattern such as `/apps/:name`; answers the decoded parameters, or
 * null when it does not match.
 */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== got[i]) {
      return null;
    }
  }
  return params;
}
