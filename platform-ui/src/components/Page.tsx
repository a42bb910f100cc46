import { useEffect, useRef, type ReactNode } from 'react';

let firstPage = true;

/**
 * A page's heading and title. On every page change after the first, focus moves to the heading,
 * so keyboard and screen-reader users start reading the new page from its top.
 */
export function Page({
  title,
  lead,
  actions,
  children,
}: {
  readonly title: string;
  readonly lead?: ReactNode;
  readonly actions?: ReactNode;
  readonly children?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Plinth`;
    if (firstPage) {
      firstPage = false;
      return;
    }
    heading.current?.focus();
  }, [title]);
  return (
    <>
      <div className="page-head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {lead && <p className="lead">{lead}</p>}
        </div>
        {actions && <div className="page-head__actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}
