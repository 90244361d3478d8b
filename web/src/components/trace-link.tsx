import { Link } from 'react-router';
import { shortId } from '../format.ts';

/** A lot or unit that opens on the trace page (`/trace?id=…`, backward by default). */
export function TraceLink({ id, label }: { id: string; label?: string }) {
  return (
    <Link to={`/trace?id=${encodeURIComponent(id)}`} title={`Trace ${id}`}>
      {label ?? shortId(id)}
    </Link>
  );
}
