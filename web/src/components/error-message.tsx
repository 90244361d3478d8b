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

const fieldOf = (p: Problem): string | undefined => {
  const f = p.field ?? p.pointer;
  return f === undefined ? undefined : (FIELD_LABELS[f] ?? f);
};

export function ErrorMessage({ error }: { error: unknown }) {
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
