import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { deploy } from '../../api/deployments';
import { ApiError, describe, type Problem } from '../../api/http';
import type { ScheduleView, VersionView } from '../../api/types';
import { ActionResult } from '../../components/ActionResult';
import { ProblemList } from '../../components/ProblemList';
import { dateTime } from '../../format';
import { useAction } from '../../hooks/useAction';
import {
  browserZone,
  buildDeployRequest,
  fieldOfProblem,
  validateSchedule,
  type ScheduleErrors,
  type ScheduleField,
  type ScheduleValues,
} from './schedule';

/**
 * Deploy a version now, once at a chosen time, or on a recurring (cron) schedule whose runs can
 * end after a duration and/or at an end time.
 */
export function ScheduleForm({
  app,
  versions,
  onDone,
}: {
  readonly app: string;
  readonly versions: readonly VersionView[];
  readonly onDone: () => void;
}) {
  const [draft, setValues] = useState<ScheduleValues>({
    version: versions[0]?.version ?? '',
    instances: '',
    when: 'now',
    at: '',
    cron: '',
    zone: browserZone(),
    duration: '',
    durationUnit: 'minutes',
    until: '',
  });
  const [errors, setErrors] = useState<ScheduleErrors>({});
  const [formError, setFormError] = useState<{ message: string; problems: readonly Problem[] } | null>(null);
  const action = useAction();
  const summary = useRef<HTMLDivElement>(null);

  // A version uploaded after the page opened becomes the default while none is chosen.
  const values: ScheduleValues = draft.version || !versions[0] ? draft : { ...draft, version: versions[0].version };

  const set = <K extends keyof ScheduleValues>(key: K, value: ScheduleValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  const fail = (found: ScheduleErrors, message: string, problems: readonly Problem[] = []) => {
    setErrors(found);
    setFormError({ message, problems });
    setTimeout(() => summary.current?.focus(), 0);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    action.clear();
    const found = validateSchedule(values);
    if (Object.keys(found).length > 0) {
      fail(found, `Please correct ${Object.keys(found).length === 1 ? 'the field' : 'the fields'} marked below.`);
      return;
    }
    setErrors({});
    setFormError(null);
    void action.run(() => deploy(app, buildDeployRequest(values)), {
      done: (answer) => {
        if (values.when === 'now') return `Deploying version ${values.version} of ${app}. The instances below follow its progress.`;
        const next = (answer as ScheduleView).nextFireAt;
        return `Scheduled version ${values.version}${next ? `; it first runs ${dateTime(next)}` : ''}.`;
      },
      // The form shows a failure itself: problems beside their fields, the rest in its summary.
      failed: (e) => {
        if (e instanceof ApiError && e.problems.length > 0) {
          const byField: ScheduleErrors = {};
          const rest: Problem[] = [];
          for (const p of e.problems) {
            const field = fieldOfProblem(p.path);
            if (field && (values.when !== 'now' || field === 'version' || field === 'instances')) byField[field] = p.message;
            else rest.push(p);
          }
          fail(byField, e.message, rest);
        } else {
          fail({}, describe(e));
        }
        return null;
      },
      onDone,
    });
  };

  const describedBy = (field: ScheduleField, hint?: boolean) =>
    [hint ? `sf-${field}-hint` : null, errors[field] ? `sf-${field}-error` : null].filter(Boolean).join(' ') || undefined;

  const fieldError = (field: ScheduleField) =>
    errors[field] ? (
      <p id={`sf-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  const hint = (field: ScheduleField, text: ReactNode) => (
    <p id={`sf-${field}-hint`} className="hint">
      {text}
    </p>
  );

  if (versions.length === 0) {
    return <p className="muted">Upload a version first; then it can be deployed from here.</p>;
  }

  return (
    <form className="form schedule-form" onSubmit={submit} noValidate aria-label="Deploy or schedule">
      {formError && (
        <div className="form-error" role="alert" tabIndex={-1} ref={summary}>
          <p>{formError.message}</p>
          <ProblemList problems={formError.problems} />
        </div>
      )}
      <div className="form-row">
        <div className="field">
          <label htmlFor="sf-version">Version</label>
          <select
            id="sf-version"
            value={values.version}
            onChange={(e) => set('version', e.target.value)}
            aria-invalid={errors.version ? true : undefined}
            aria-describedby={describedBy('version')}
          >
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version}
              </option>
            ))}
          </select>
          {fieldError('version')}
        </div>
        <div className="field">
          <label htmlFor="sf-instances">Instances (optional)</label>
          <input
            id="sf-instances"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            value={values.instances}
            onChange={(e) => set('instances', e.target.value)}
            aria-invalid={errors.instances ? true : undefined}
            aria-describedby={describedBy('instances', true)}
          />
          {hint('instances', 'Empty: as many as plinth.yaml says.')}
          {fieldError('instances')}
        </div>
      </div>

      <fieldset className="field">
        <legend>When</legend>
        {(
          [
            ['now', 'Now'],
            ['at', 'Once, at a set time'],
            ['cron', 'Recurring (cron)'],
          ] as const
        ).map(([when, text]) => (
          <label key={when} className="choice">
            <input type="radio" name="sf-when" value={when} checked={values.when === when} onChange={() => set('when', when)} />{' '}
            {text}
          </label>
        ))}
      </fieldset>

      {values.when === 'at' && (
        <div className="field">
          <label htmlFor="sf-at">Deploy at (your local time)</label>
          <input
            id="sf-at"
            type="datetime-local"
            value={values.at}
            onChange={(e) => set('at', e.target.value)}
            aria-invalid={errors.at ? true : undefined}
            aria-describedby={describedBy('at')}
          />
          {fieldError('at')}
        </div>
      )}

      {values.when === 'cron' && (
        <>
          <div className="form-row">
            <div className="field">
              <label htmlFor="sf-cron">Cron expression</label>
              <input
                id="sf-cron"
                value={values.cron}
                spellCheck={false}
                autoCapitalize="none"
                placeholder="0 8 * * 1-5"
                onChange={(e) => set('cron', e.target.value)}
                aria-invalid={errors.cron ? true : undefined}
                aria-describedby={describedBy('cron', true)}
              />
              {hint('cron', <>Five fields: minute, hour, day of month, month, day of week. <code>0 8 * * 1-5</code> starts a run at 08:00 on weekdays.</>)}
              {fieldError('cron')}
            </div>
            <div className="field">
              <label htmlFor="sf-zone">Time zone</label>
              <input
                id="sf-zone"
                value={values.zone}
                spellCheck={false}
                onChange={(e) => set('zone', e.target.value)}
                aria-invalid={errors.zone ? true : undefined}
                aria-describedby={describedBy('zone')}
              />
              {fieldError('zone')}
            </div>
          </div>
          <div className="form-row">
            <div className="field">
              <label htmlFor="sf-duration">Stop each run after (optional)</label>
              <div className="inline">
                <input
                  id="sf-duration"
                  type="number"
                  inputMode="decimal"
                  min={1}
                  value={values.duration}
                  onChange={(e) => set('duration', e.target.value)}
                  aria-invalid={errors.duration ? true : undefined}
                  aria-describedby={describedBy('duration', true)}
                />
                <select aria-label="Unit of the run's duration" value={values.durationUnit} onChange={(e) => set('durationUnit', e.target.value as 'minutes' | 'hours')}>
                  <option value="minutes">minutes</option>
                  <option value="hours">hours</option>
                </select>
              </div>
              {hint('duration', 'Empty: a run keeps going until the next change or the end below.')}
              {fieldError('duration')}
            </div>
            <div className="field">
              <label htmlFor="sf-until">No runs after (optional, your local time)</label>
              <input
                id="sf-until"
                type="datetime-local"
                value={values.until}
                onChange={(e) => set('until', e.target.value)}
                aria-invalid={errors.until ? true : undefined}
                aria-describedby={describedBy('until', true)}
              />
              {hint('until', 'The run going on at this time is stopped then.')}
              {fieldError('until')}
            </div>
          </div>
        </>
      )}

      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {action.busy ? 'Sending…' : values.when === 'now' ? 'Deploy now' : 'Create schedule'}
        </button>
      </div>
      <ActionResult message={action.message} />
    </form>
  );
}
