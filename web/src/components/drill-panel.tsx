// The details a click on a figure opened (the lots behind a scorecard row, the items of a Pareto
// bar): a titled panel that takes the focus when it opens, so keyboard and screen-reader users
// land on it, with a button to close it.
import { useEffect, useRef, type ReactNode } from 'react';

export function DrillPanel({
  title,
  actions,
  onClose,
  children,
}: {
  title: string;
  actions?: ReactNode;
  onClose: () => void;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [title]);
  return (
    <section className="drill" aria-label={title}>
      <div className="table-head">
        <h2 ref={heading} tabIndex={-1}>
          {title}
        </h2>
        {actions}
        <button type="button" className="small" onClick={onClose}>
          Close
        </button>
      </div>
      {children}
    </section>
  );
}
