// Runs one user action (a form submit, a button) against the API: busy while it runs, the
// error it ended with, and whether it succeeded.
import { useCallback, useState } from 'react';

export type Outcome<R> = { ok: true; value: R } | { ok: false };

export interface Action<A extends unknown[], R> {
  run: (...args: A) => Promise<Outcome<R>>;
  busy: boolean;
  error: unknown;
  clear: () => void;
}

export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Action<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async (...args: A): Promise<Outcome<R>> => {
      setBusy(true);
      setError(null);
      try {
        return { ok: true, value: await fn(...args) };
      } catch (e) {
        setError(e);
        return { ok: false };
      } finally {
        setBusy(false);
      }
    },
    [fn],
  );
  const clear = useCallback(() => setError(null), []);
  return { run, busy, error, clear };
}
