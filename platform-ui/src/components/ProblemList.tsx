import type { Problem } from '../api/http';

/** Every problem the platform found, each with where it is and what to fix. */
export function ProblemList({ problems }: { readonly problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problems">
      {problems.map((p, i) => (
        <li key={`${p.path}-${i}`}>
          {p.path ? <code className="problems__path">{p.path}</code> : <span className="problems__path">package</span>}{' '}
          <span>{p.message}</span>
        </li>
      ))}
    </ul>
  );
}
