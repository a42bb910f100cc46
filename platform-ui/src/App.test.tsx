import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { App } from './App';

describe('App', () => {
  it('introduces Plinth and links to the app developer contract', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(async () => new Response('{"status":"UP"}', { status: 200 })),
    );

    render(<App />);

    expect(screen.getByRole('heading', { level: 1, name: 'Plinth' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveAttribute('id', 'main');
    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveAttribute('href', '#main');
    expect(screen.getByRole('link', { name: 'Download the app developer contract' })).toHaveAttribute(
      'href',
      '/api/contract',
    );
    expect(await screen.findByText('Plinth is up')).toBeInTheDocument();
  });
});
