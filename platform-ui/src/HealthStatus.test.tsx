import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { HealthStatus } from './HealthStatus';

function json(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function stubFetch(...answers: Array<() => Promise<Response>>) {
  const fetchMock = vi.fn<typeof fetch>();
  for (const answer of answers) {
    fetchMock.mockImplementationOnce(answer);
  }
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('HealthStatus', () => {
  it('shows that it is checking while /health has not answered', () => {
    const fetchMock = stubFetch(() => new Promise<Response>(() => {}));

    render(<HealthStatus />);

    expect(screen.getByRole('status')).toHaveTextContent('Checking the platform…');
    expect(screen.getByRole('button', { name: 'Checking…' })).toBeDisabled();
    expect(screen.getByRole('region', { name: 'Platform status' })).toHaveAttribute('aria-busy', 'true');
    expect(fetchMock).toHaveBeenCalledWith('/health', expect.objectContaining({ cache: 'no-store' }));
  });

  it('shows that the platform is up when /health answers UP', async () => {
    stubFetch(async () => json({ status: 'UP' }, 200));

    render(<HealthStatus />);

    const status = screen.getByRole('status');
    expect(await within(status).findByText('Plinth is up')).toBeInTheDocument();
    expect(status).toHaveClass('status--up');
    expect(within(status).getByText(/Checked at/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Check again' })).toBeEnabled();
  });

  it('shows that the platform is down when /health answers DOWN with 503', async () => {
    stubFetch(async () => json({ status: 'DOWN', details: { kafka: { status: 'DOWN' } } }, 503));

    render(<HealthStatus />);

    const status = screen.getByRole('status');
    expect(await within(status).findByText('Plinth is down')).toBeInTheDocument();
    expect(status).toHaveTextContent('The platform reports DOWN (HTTP 503)');
    expect(status).toHaveClass('status--down');
  });

  it('says the status is unknown when the platform cannot be reached', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));

    render(<HealthStatus />);

    const status = screen.getByRole('status');
    expect(await within(status).findByText('Status unknown')).toBeInTheDocument();
    expect(status).toHaveTextContent('The platform could not be reached.');
    expect(status).toHaveClass('status--error');
  });

  it('says the status is unknown when the answer is not a health report', async () => {
    stubFetch(async () => new Response('<html>Bad gateway</html>', { status: 502 }));

    render(<HealthStatus />);

    const status = screen.getByRole('status');
    expect(await within(status).findByText('Status unknown')).toBeInTheDocument();
    expect(status).toHaveTextContent('HTTP 502 without a health report');
  });

  it('asks again when "Check again" is pressed', async () => {
    const fetchMock = stubFetch(
      async () => json({ status: 'DOWN' }, 503),
      async () => json({ status: 'UP' }, 200),
    );

    render(<HealthStatus />);
    expect(await screen.findByText('Plinth is down')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));

    expect(await screen.findByText('Plinth is up')).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});
