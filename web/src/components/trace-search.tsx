// One search box for what people have in hand: lot code, serial, supplier lot, EPC URI, GS1
// Digital Link, or the raw text a barcode scanner types (group separators kept). One match
// traces it at once; several are listed to pick from; none says so.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { resolveText, type ResolvedCandidate, type ResolveAnswer } from '../api/explorer.ts';
import { ErrorMessage } from './error-message.tsx';

const MATCHED: Record<ResolvedCandidate['matchedBy'], string> = {
  id: 'identifier',
  code: 'code',
  'supplier-lot': 'supplier lot number',
};
const READ_AS: Record<ResolveAnswer['interpretedAs'], string> = {
  epc: 'an EPC URI',
  'digital-link': 'a GS1 Digital Link',
  'element-string': 'a GS1 barcode',
  text: 'a code',
};

// Control characters a scanner sends (FNC1 as group separator) shown readably.
const visible = (s: string) =>
  [...s].map((c) => (c === '\u001d' ? '<GS>' : c.charCodeAt(0) < 0x20 ? '' : c)).join('');

export function TraceSearch({ current, onTrace }: { current: string; onTrace: (id: string) => void }) {
  const [text, setText] = useState(current);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [answer, setAnswer] = useState<ResolveAnswer | null>(null);
  const chosen = useRef<string | null>(null);
  const list = useRef<HTMLHeadingElement>(null);

  // A change of the address (Back, a link) that the search did not make shows in the box.
  useEffect(() => {
    if (current !== chosen.current) {
      setText(current);
      setAnswer(null);
      setError(null);
    }
  }, [current]);
  useEffect(() => {
    if (answer && answer.candidates.length > 1) list.current?.focus();
  }, [answer]);

  const pick = (c: ResolvedCandidate) => {
    chosen.current = c.id;
    setAnswer(null);
    onTrace(c.id);
  };
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    setAnswer(null);
    try {
      const a = await resolveText(text);
      if (a.candidates.length === 1) pick(a.candidates[0]!);
      else setAnswer(a);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="trace-search">
      <form className="search" onSubmit={submit} role="search" aria-label="Find an object">
        <label htmlFor="trace-q">Lot, serial, supplier lot, EPC, Digital Link or scan</label>
        <div className="search-row">
          <input
            id="trace-q"
            name="q"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Type or scan, then Enter"
            spellCheck={false}
            autoComplete="off"
            required
          />
          <button type="submit" className="primary" disabled={busy}>
            Find
          </button>
        </div>
      </form>
      {busy && (
        <p role="status" className="loading">
          Looking up…
        </p>
      )}
      <ErrorMessage error={error} labels={{ q: 'Search' }} />
      {answer && answer.candidates.length === 0 && (
        <p className="notice" role="status">
          Nothing is known as “{visible(answer.query)}” (read as {READ_AS[answer.interpretedAs]}). Check the
          code, or try the supplier’s lot number or the serial number.
        </p>
      )}
      {answer && answer.candidates.length > 1 && (
        <div className="candidates">
          <h2 ref={list} tabIndex={-1}>
            “{visible(answer.query)}” names {answer.candidates.length} objects: which one?
          </h2>
          <ul aria-label="Candidates">
            {answer.candidates.map((c) => (
              <li key={c.id}>
                <button type="button" className="link" onClick={() => pick(c)}>
                  {c.code}
                </button>{' '}
                <span className="muted">
                  {c.kind}
                  {c.materialName || c.material ? `, ${c.materialName ?? c.material}` : ''} — matched by{' '}
                  {MATCHED[c.matchedBy]} — <code>{c.id}</code>
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
