import { describe, expect, it } from 'vitest';
import { buildDeployRequest, cronProblem, fieldOfProblem, validateSchedule, type ScheduleValues } from './schedule';

const NOW = new Date('2026-06-01T12:00:00Z');
const BASE: ScheduleValues = {
  version: '1.0.0',
  instances: '',
  when: 'now',
  at: '',
  cron: '',
  zone: 'UTC',
  duration: '',
  durationUnit: 'minutes',
  until: '',
};

describe('cronProblem', () => {
  it.each([
    ['0 8 * * 1-5'],
    ['*/15 * * * *'],
    ['0,30 6-18/2 1 jan-mar mon'],
    ['59 23 31 12 7'],
  ])('accepts %s', (cron) => {
    expect(cronProblem(cron)).toBeNull();
  });

  it.each([
    ['* * * *', 'has 5 fields'],
    ['* * * * * *', 'this one has 6'],
    ['60 * * * *', 'minute field must be between 0 and 59'],
    ['0 24 * * *', 'hour field must be between 0 and 23'],
    ['0 0 0 * *', 'day of month field must be between 1 and 31'],
    ['0 0 * 13 *', 'month field must be between 1 and 12'],
    ['*/0 * * * *', 'bad step'],
    ['a * * * *', 'is not a number'],
    ['1- * * * *', 'is not a number'],
  ])('refuses %s', (cron, words) => {
    expect(cronProblem(cron)).toContain(words);
  });
});

describe('validateSchedule', () => {
  it('needs nothing more than a version to deploy now', () => {
    expect(validateSchedule(BASE, NOW)).toEqual({});
  });

  it('checks the instance count', () => {
    expect(validateSchedule({ ...BASE, instances: '0' }, NOW).instances).toBeDefined();
    expect(validateSchedule({ ...BASE, instances: '1.5' }, NOW).instances).toBeDefined();
    expect(validateSchedule({ ...BASE, instances: '3' }, NOW)).toEqual({});
  });

  it('needs a time in the future for a one-off', () => {
    expect(validateSchedule({ ...BASE, when: 'at' }, NOW).at).toBe('Enter the date and time to deploy at.');
    expect(validateSchedule({ ...BASE, when: 'at', at: '2020-01-01T10:00' }, NOW).at).toContain('has passed');
    expect(validateSchedule({ ...BASE, when: 'at', at: '2030-01-01T10:00' }, NOW)).toEqual({});
  });

  it('checks the cron expression, zone, duration and end of a recurring schedule', () => {
    const errors = validateSchedule({ ...BASE, when: 'cron', cron: '61 * * * *', zone: '', duration: '-1', until: '2020-01-01T00:00' }, NOW);
    expect(Object.keys(errors).sort()).toEqual(['cron', 'duration', 'until', 'zone']);
    expect(validateSchedule({ ...BASE, when: 'cron' }, NOW).cron).toContain('Enter a cron expression');
    expect(validateSchedule({ ...BASE, when: 'cron', cron: '0 8 * * *', duration: '0.5' }, NOW).duration).toBe('A run lasts at least one minute.');
    expect(validateSchedule({ ...BASE, when: 'cron', cron: '0 8 * * *', duration: '2', durationUnit: 'hours', until: '2030-01-01T00:00' }, NOW)).toEqual({});
  });
});

describe('buildDeployRequest', () => {
  it('sends no schedule to deploy now', () => {
    expect(buildDeployRequest({ ...BASE, instances: '2' })).toEqual({ version: '1.0.0', instances: 2 });
  });

  it('sends the instant of a one-off', () => {
    const at = '2030-01-01T10:00';
    expect(buildDeployRequest({ ...BASE, when: 'at', at })).toEqual({ version: '1.0.0', schedule: { at: new Date(at).toISOString() } });
  });

  it('sends cron, zone, the duration in seconds and the end of a recurring schedule', () => {
    const request = buildDeployRequest({
      ...BASE,
      when: 'cron',
      cron: ' 0  8 * * 1-5 ',
      zone: 'Europe/Paris',
      duration: '1.5',
      durationUnit: 'hours',
      until: '2030-01-01T00:00',
    });
    expect(request).toEqual({
      version: '1.0.0',
      schedule: { cron: '0 8 * * 1-5', zone: 'Europe/Paris', durationSeconds: 5400, until: new Date('2030-01-01T00:00').toISOString() },
    });
  });
});

describe('fieldOfProblem', () => {
  it.each([
    ['schedule.cron', 'cron'],
    ['schedule.durationSeconds', 'duration'],
    ['schedule.until', 'until'],
    ['version', 'version'],
    ['schedule', null],
  ])('puts %s on %s', (path, field) => {
    expect(fieldOfProblem(path)).toBe(field);
  });
});
