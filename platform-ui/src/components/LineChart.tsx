import { useId } from 'react';
import { timeOnly } from '../format';

export interface Point {
  /** Milliseconds since the epoch. */
  readonly t: number;
  readonly v: number;
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 16, bottom: 28, left: 56 };

function tidy(n: number): string {
  if (Math.abs(n) >= 1000 || Number.isInteger(n)) return String(Math.round(n * 100) / 100);
  return n.toPrecision(4).replace(/\.?0+$/, '');
}

/**
 * A line chart of one value over time, drawn as plain SVG. It scales to its container's width;
 * screen readers get its title and a summary (count, span, latest, lowest and highest value).
 */
export function LineChart({
  title,
  unit,
  points,
}: {
  readonly title: string;
  readonly unit?: string;
  readonly points: readonly Point[];
}) {
  const id = useId();
  const sorted = [...points].filter((p) => Number.isFinite(p.v) && Number.isFinite(p.t)).sort((a, b) => a.t - b.t);
  const suffix = unit ? ` ${unit}` : '';
  if (sorted.length === 0) {
    return (
      <figure className="chart chart--empty">
        <figcaption>{title}</figcaption>
        <p className="muted">No readings yet.</p>
      </figure>
    );
  }
  const values = sorted.map((p) => p.v);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    // A flat line sits in the middle of a band around its value.
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const t0 = sorted[0].t;
  const t1 = sorted[sorted.length - 1].t;
  const span = t1 - t0 || 1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + (sorted.length === 1 ? plotW / 2 : ((t - t0) / span) * plotW);
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const path = sorted.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  const last = sorted[sorted.length - 1];
  const ticks = [hi, (hi + lo) / 2, lo];
  const summary =
    `${sorted.length} reading${sorted.length === 1 ? '' : 's'} from ${timeOnly(new Date(t0))} to ${timeOnly(new Date(t1))}. ` +
    `Latest ${tidy(last.v)}${suffix} at ${timeOnly(new Date(last.t))}. ` +
    `Lowest ${tidy(Math.min(...values))}${suffix}, highest ${tidy(Math.max(...values))}${suffix}.`;

  return (
    <figure className="chart">
      <figcaption>
        {title}
        {unit ? ` (${unit})` : ''}: <strong>{tidy(last.v)}{suffix}</strong>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
        data-testid="line-chart"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {ticks.map((v) => (
          <g key={v} className="chart__grid">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} />
            <text x={PAD.left - 6} y={y(v)} dy="0.32em" textAnchor="end">
              {tidy(v)}
            </text>
          </g>
        ))}
        <text className="chart__axis" x={PAD.left} y={HEIGHT - 8} textAnchor="start">
          {timeOnly(new Date(t0))}
        </text>
        <text className="chart__axis" x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end">
          {timeOnly(new Date(t1))}
        </text>
        <path className="chart__line" d={path} fill="none" />
        <circle className="chart__dot" cx={x(last.t)} cy={y(last.v)} r={4} />
      </svg>
    </figure>
  );
}
