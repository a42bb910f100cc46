/**
 * A horizontal bar of how much of something is used. It is an ARIA meter with its value in words,
 * and the figures are printed beside it, so the bar is never the only way to read it.
 */
export function Meter({
  label,
  value,
  max,
  text,
  reserved,
}: {
  readonly label: string;
  readonly value: number;
  readonly max: number;
  /** The figures in words, e.g. "0.5 of 2 cores". */
  readonly text: string;
  /** What is reserved, drawn as a lighter bar behind the used one. */
  readonly reserved?: number;
}) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  const reservedPct = max > 0 && reserved !== undefined ? Math.min(100, Math.max(0, (reserved / max) * 100)) : 0;
  const level = pct >= 90 ? 'high' : pct >= 70 ? 'mid' : 'low';
  return (
    <div className="meter">
      <div className="meter__label">
        <span>{label}</span>
        <span className="meter__text">{text}</span>
      </div>
      <div
        className="meter__track"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        aria-valuetext={`${text} (${Math.round(pct)}%)`}
      >
        {reserved !== undefined && <div className="meter__reserved" style={{ width: `${reservedPct}%` }} />}
        <div className={`meter__fill meter__fill--${level}`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
