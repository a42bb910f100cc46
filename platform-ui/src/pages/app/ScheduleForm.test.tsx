import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { mockApi } from '../../test/api';
import { ScheduleForm } from './ScheduleForm';

const VERSIONS = [
  { app: 'a', version: '2.0.0', owner: 'ada', sha256: 'x', sizeBytes: 1, uncompressedBytes: 1, entryCount: 1, description: null, uploadedAt: '2026-01-02T00:00:00Z' },
  { app: 'a', version: '1.0.0', owner: 'ada', sha256: 'y', sizeBytes: 1, uncompressedBytes: 1, entryCount: 1, description: null, uploadedAt: '2026-01-01T00:00:00Z' },
];

describe('ScheduleForm', () => {
  it('deploys the newest version now by default', async () => {
    const api = mockApi({ 'POST /api/apps/a/deployments': { status: 201, body: { id: 'd1' } } });
    const onDone = vi.fn();
    render(<ScheduleForm app="a" versions={VERSIONS} onDone={onDone} />);
    expect(screen.getByLabelText('Version')).toHaveValue('2.0.0');
    fireEvent.click(screen.getByRole('button', { name: 'Deploy now' }));
    expect(await screen.findByText(/Deploying version 2.0.0 of a/)).toBeInTheDocument();
    expect(api.called('POST', '/api/apps/a/deployments')[0].body).toEqual({ version: '2.0.0' });
    expect(onDone).toHaveBeenCalled();
  });

  it('marks invalid fields, describes them and sends nothing', async () => {
    const api = mockApi({});
    render(<ScheduleForm app="a" versions={VERSIONS} onDone={() => {}} />);
    fireEvent.click(screen.getByLabelText('Recurring (cron)'));
    fireEvent.change(screen.getByLabelText('Cron expression'), { target: { value: '0 25 * * *' } });
    fireEvent.change(screen.getByLabelText('Stop each run after (optional)'), { target: { value: '-5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create schedule' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Please correct the fields marked below.');
    const cron = screen.getByLabelText('Cron expression');
    expect(cron).toHaveAttribute('aria-invalid', 'true');
    expect(cron).toHaveAccessibleDescription(/hour field must be between 0 and 23/);
    expect(screen.getByLabelText('Stop each run after (optional)')).toHaveAccessibleDescription(/Enter a positive number/);
    expect(api.calls).toHaveLength(0);
  });

  it('needs a future time for a one-off deployment', async () => {
    mockApi({});
    render(<ScheduleForm app="a" versions={VERSIONS} onDone={() => {}} />);
    fireEvent.click(screen.getByLabelText('Once, at a set time'));
    fireEvent.change(screen.getByLabelText('Deploy at (your local time)'), { target: { value: '2001-01-01T10:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create schedule' }));
    expect(await screen.findByText('This time has passed; choose one in the future.')).toBeInTheDocument();
  });

  it('creates a recurring schedule and puts the platform\'s problems on their fields', async () => {
    const api = mockApi({
      'POST /api/apps/a/deployments': {
        status: 422,
        body: { status: 422, message: 'the schedule has 1 problem(s)', problems: [{ path: 'schedule.zone', message: 'unknown time zone Mars/Base' }] },
      },
    });
    render(<ScheduleForm app="a" versions={VERSIONS} onDone={() => {}} />);
    fireEvent.change(screen.getByLabelText('Version'), { target: { value: '1.0.0' } });
    fireEvent.change(screen.getByLabelText('Instances (optional)'), { target: { value: '2' } });
    fireEvent.click(screen.getByLabelText('Recurring (cron)'));
    fireEvent.change(screen.getByLabelText('Cron expression'), { target: { value: '0 8 * * 1-5' } });
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Mars/Base' } });
    fireEvent.change(screen.getByLabelText('Stop each run after (optional)'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create schedule' }));

    expect(await screen.findByText('unknown time zone Mars/Base')).toBeInTheDocument();
    expect(screen.getByLabelText('Time zone')).toHaveAttribute('aria-invalid', 'true');
    expect(api.called('POST', '/api/apps/a/deployments')[0].body).toEqual({
      version: '1.0.0',
      instances: 2,
      schedule: { cron: '0 8 * * 1-5', zone: 'Mars/Base', durationSeconds: 1800 },
    });
  });
});
