import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LineChart } from './LineChart';

const t0 = Date.parse('2026-01-01T10:00:00Z');

describe('LineChart', () => {
  it('draws a line through the points, scaled to the plot, oldest on the left', () => {
    render(
      <LineChart
        title="speedKmh"
        unit="km/h"
        points={[
          { t: t0 + 2000, v: 90 },
          { t: t0, v: 50 },
          { t: t0 + 1000, v: 70 },
        ]}
      />,
    );
    const svg = screen.getByRole('img', { name: /speedKmh/ });
    const path = svg.querySelector('path.chart__line')!.getAttribute('d')!;
    const coords = path
      .split(/[ML]/)
      .filter(Boolean)
      .map((p) => p.split(',').map(Number));
    expect(coords).toHaveLength(3);
    // x grows with time; the lowest value is lowest on screen (largest y).
    expect(coords[0][0]).toBeLessThan(coords[1][0]);
    expect(coords[1][0]).toBeLessThan(coords[2][0]);
    expect(coords[0][1]).toBeGreaterThan(coords[1][1]);
    expect(coords[1][1]).toBeGreaterThan(coords[2][1]);
    // The latest point is marked.
    const dot = svg.querySelector('circle')!;
    expect(Number(dot.getAttribute('cx'))).toBeCloseTo(coords[2][0], 0);
    expect(screen.getByText('90 km/h')).toBeInTheDocument();
  });

  it('describes the series for screen readers', () => {
    render(<LineChart title="temperature" unit="°C" points={[{ t: t0, v: 20.5 }, { t: t0 + 60000, v: 22 }]} />);
    const svg = screen.getByRole('img');
    expect(svg).toHaveAccessibleName(/temperature/);
    expect(svg).toHaveAccessibleName(/2 readings from .* Latest 22 °C .* Lowest 20.5 °C, highest 22 °C\./);
  });

  it('draws one reading as a dot and a flat series in the middle', () => {
    render(<LineChart title="flat" points={[{ t: t0, v: 5 }, { t: t0 + 1000, v: 5 }]} />);
    const path = screen.getByRole('img').querySelector('path')!.getAttribute('d')!;
    const ys = path.split(/[ML]/).filter(Boolean).map((p) => Number(p.split(',')[1]));
    expect(ys[0]).toBe(ys[1]);
  });

  it('says when there is nothing to draw', () => {
    render(<LineChart title="speedKmh" points={[]} />);
    expect(screen.getByText('No readings yet.')).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });
});
