/** The deploy-or-schedule form's values, rules and request, kept apart from the form to test them. */

import type { DeployRequest } from '../../api/deployments';

export type When = 'now' | 'at' | 'cron';
export type DurationUnit = 'minutes' | 'hours';

export interface ScheduleValues {
  readonly version: string;
  /** Empty: as many as the descriptor says. */
  readonly instances: string;
  readonly when: When;
  /** A `datetime-local` value, local time. */
  readonly at: string;
  readonly cron: string;
  readonly zone: string;
  /** Empty: each run lasts until it is stopped or `until` comes. */
  readonly duration: string;
  readonly durationUnit: DurationUnit;
  /** A `datetime-local` value; empty: no end. */
  readonly until: string;
}

export type ScheduleField = 'version' | 'instances' | 'at' | 'cron' | 'zone' | 'duration' | 'until';
export type ScheduleErrors = Partial<Record<ScheduleField, string>>;

const CRON_FIELDS: ReadonlyArray<{ name: string; min: number; max: number }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
];

const NAMES = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)$/i;

/**
 * Checks the shape of a 5-field Unix cron expression (lists, ranges, steps, `*`, month and day
 * names); answers what is wrong, or null. The platform checks it fully again.
 */
export function cronProblem(expression: string): string | null {
  const parts = expression.trim().split(/\s+/).filter(Boolean);
  if (parts.length !== 5) {
    return `A cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has ${parts.length}.`;
  }
  for (let i = 0; i < 5; i++) {
    const { name, min, max } = CRON_FIELDS[i];
    for (const item of parts[i].split(',')) {
      const [range, step, extra] = item.split('/');
      if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step)) || step === '0') {
        return `The ${name} field has a bad step in "${item}".`;
      }
      if (range === '*' || (i === 2 && range === '?') || (i === 4 && range === '?')) continue;
      const ends = range.split('-');
      if (ends.length > 2 || ends.some((e) => e === '')) return `The ${name} field "${item}" is not a number, range or *.`;
      for (const end of ends) {
        if (NAMES.test(end) && (i === 3 || i === 4)) continue;
        if (!/^\d+$/.test(end)) return `The ${name} field "${item}" is not a number, range or *.`;
        const n = Number(end);
        if (n < min || n > max) return `The ${name} field must be between ${min} and ${max}; "${end}" is not.`;
      }
    }
  }
  return null;
}

function localToInstant(value: string): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function validateSchedule(v: ScheduleValues, now: Date = new Date()): ScheduleErrors {
  const errors: ScheduleErrors = {};
  if (!v.version) errors.version = 'Choose a version.';
  if (v.instances.trim()) {
    const n = Number(v.instances);
    if (!Number.isInteger(n) || n < 1 || n > 100) errors.instances = 'Enter a whole number from 1 to 100, or leave it empty.';
  }
  if (v.when === 'at') {
    const at = localToInstant(v.at);
    if (!at) errors.at = 'Enter the date and time to deploy at.';
    else if (at.getTime() <= now.getTime()) errors.at = 'This time has passed; choose one in the future.';
  }
  if (v.when === 'cron') {
    if (!v.cron.trim()) errors.cron = 'Enter a cron expression, e.g. 0 8 * * 1-5.';
    else {
      const problem = cronProblem(v.cron);
      if (problem) errors.cron = problem;
    }
    if (!v.zone.trim()) errors.zone = 'Enter a time zone, e.g. Europe/Paris or UTC.';
    if (v.duration.trim()) {
      const n = Number(v.duration);
      if (!Number.isFinite(n) || n <= 0) errors.duration = 'Enter a positive number, or leave it empty.';
      else if (durationSeconds(n, v.durationUnit) < 60) errors.duration = 'A run lasts at least one minute.';
    }
    if (v.until) {
      const until = localToInstant(v.until);
      if (!until) errors.until = 'Enter a valid date and time, or leave it empty.';
      else if (until.getTime() <= now.getTime()) errors.until = 'The end has passed; choose a time in the future.';
    }
  }
  return errors;
}

function durationSeconds(n: number, unit: DurationUnit): number {
  return Math.round(n * (unit === 'hours' ? 3600 : 60));
}

/** The body of `POST /api/apps/{name}/deployments` for valid values. */
export function buildDeployRequest(v: ScheduleValues): DeployRequest {
  const request: DeployRequest = { version: v.version };
  if (v.instances.trim()) request.instances = Number(v.instances);
  if (v.when === 'at') {
    request.schedule = { at: new Date(v.at).toISOString() };
  } else if (v.when === 'cron') {
    const schedule: { cron: string; zone: string; durationSeconds?: number; until?: string } = {
      cron: v.cron.trim().split(/\s+/).join(' '),
      zone: v.zone.trim(),
    };
    if (v.duration.trim()) schedule.durationSeconds = durationSeconds(Number(v.duration), v.durationUnit);
    if (v.until) schedule.until = new Date(v.until).toISOString();
    request.schedule = schedule;
  }
  return request;
}

/** Which form field a problem the platform reported (by path) belongs to. */
export function fieldOfProblem(path: string): ScheduleField | null {
  const last = path.split(/[.[\]]/).filter(Boolean).pop() ?? '';
  if (last === 'durationSeconds') return 'duration';
  const known: ScheduleField[] = ['version', 'instances', 'at', 'cron', 'zone', 'until'];
  return (known as string[]).includes(last) ? (last as ScheduleField) : null;
}

export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
