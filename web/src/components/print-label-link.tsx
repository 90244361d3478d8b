// "Print label" for one object, shown to those who may print labels (the trace node panel).
import { Link } from 'react-router';
import { useUser } from '../auth/session.tsx';

export function PrintLabelLink({ id }: { id: string }) {
  const { can } = useUser();
  if (!can('labels:print')) return null;
  return (
    <Link className="print-label-link" to={`/labels?id=${encodeURIComponent(id)}`}>
      Print label
    </Link>
  );
}
