// Says what went wrong in the API's own words, with every problem it named.
import { isApiError, type Problem } from '../api/client.ts';
import { sentence } from '../format.ts';

// The API names fields as its JSON does; people read the form's labels.
const FIELD_LABELS: Record<string, string> = {
  username: 'User name',
  displayName: 'Display name',
  role: 'Role',
  supplierId: 'Supplier',
  password: 'Password',
  current: 'Current password',
  next: 'New password',
  name: 'Token name',
  expiresInDays: 'Expires in days',
  reason: 'Reason',
  disabled: 'Status',
  id: 'Identifier',
};

/**
 * The input a problem names, as one key: a `field` as it is, a JSON `pointer` as a dotted path
 * under the body's top level (`/config/weights/ppm` -> `weights.ppm`, `/reason` -> `reason`).
 */
export const problemKey = (p: Problem, under = ''): string | undefined => {
  if (p.field !== undefined) return p.field;
  if (p.pointer === undefined) return undefined;
  const path = p.pointer.replace(/^\//, '').split('/');
  if (under && path[0] === under) path.shift();
  return path.join('.');
};

/** `labels` names a form's own fields, by problemKey (with `under`). */
export function ErrorMessage({
  error,
  labels = {},
  under = '',
}: {
  error: unknown;
  labels?: Record<string, string>;
  under?: string;
}) {
  const fieldOf = (p: Problem): string | undefined => {
    const k = problemKey(p, under);
    return k === undefined || k === '' ? undefined : (labels[k] ?? FIELD_LABELS[k] ?? k);
  };
  if (!error) return null;
  if (!isApiError(error))
    return (
      <div className="error" role="alert">
        Something went wrong: {error instanceof Error ? error.message : String(error)}
      </div>
    );
  return (
    <div className="error" role="alert">
      <p>{sentence(error.message)}</p>
      {error.problems.length > 0 && (
        <ul>
          {error.problems.map((p, i) => (
            <li key={i}>
              {fieldOf(p) && <strong>{fieldOf(p)}:</strong>} {p.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
