/** A state word in a colored pill; the word itself carries the meaning, the color only helps. */
const TONES: Record<string, 'ok' | 'warn' | 'bad' | 'info' | 'idle'> = {
  RUNNING: 'ok',
  HEALTHY: 'ok',
  READY: 'ok',
  ACTIVE: 'ok',
  BOUND: 'ok',
  UP: 'ok',
  DONE: 'idle',
  ROLLING_OUT: 'info',
  PENDING: 'info',
  STARTING: 'info',
  DEGRADED: 'warn',
  CORDONED: 'warn',
  DRAINING: 'warn',
  UNKNOWN: 'warn',
  INSUFFICIENT: 'warn',
  WARNING: 'warn',
  WARN: 'warn',
  UNHEALTHY: 'bad',
  NOT_READY: 'bad',
  FAILED: 'bad',
  LOST: 'bad',
  EXITED: 'bad',
  CRITICAL: 'bad',
  ERROR: 'bad',
  DOWN: 'bad',
  STOPPED: 'idle',
  CANCELLED: 'idle',
  DISABLED: 'bad',
  INFO: 'info',
};

export function toneOf(state: string): string {
  return TONES[state.toUpperCase()] ?? 'idle';
}

export function label(state: string): string {
  const words = state.replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function StatusBadge({ state, text }: { readonly state: string; readonly text?: string }) {
  return <span className={`badge badge--${toneOf(state)}`}>{text ?? label(state)}</span>;
}
