// What a user with hold:write does with one lot, unit or container: put it on hold, extend the
// hold to everything made from it that is still in the plant, or release it, each with a reason
// for the audit trail. Used on the stock page and in the trace node panel.
import { useState } from 'react';
import {
  extendHold,
  holdObject,
  releaseObject,
  type HeldObject,
  type HoldAnswer,
  type ReleaseAnswer,
} from '../api/stock.ts';
import { useUser } from '../auth/session.tsx';
import { useAction } from '../hooks/use-action.ts';
import { FormDialog, RequiredReason } from './recall-actions.tsx';
import '../styles/stock.css';

type Mode = 'hold' | 'extend' | 'release';

const codes = (xs: HeldObject[]) =>
  xs
    .map((o) => o.code)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .join(', ');

function outcomeOf(mode: Mode, a: HoldAnswer | ReleaseAnswer): string {
  if ('released' in a)
    return a.released.length ? `Released: ${codes(a.released)}.` : `Not on hold: ${codes(a.notHeld)}.`;
  const held = a.held.length ? `Put on hold: ${codes(a.held)}.` : 'Nothing new was put on hold.';
  const already = a.alreadyHeld.length ? ` Already on hold: ${codes(a.alreadyHeld)}.` : '';
  const none =
    mode === 'extend' && a.held.length + a.alreadyHeld.length === 0
      ? ' Nothing made from it is still in the plant.'
      : '';
  return held + already + none;
}

const TITLES: Record<Mode, (code: string) => string> = {
  hold: (c) => `Put ${c} on hold`,
  extend: (c) => `Hold ${c} and everything made from it`,
  release: (c) => `Release ${c}`,
};
const SUBMIT: Record<Mode, string> = { hold: 'Put on hold', extend: 'Hold all', release: 'Release' };
const RUN: Record<Mode, (id: string, reason: string) => Promise<HoldAnswer | ReleaseAnswer>> = {
  hold: holdObject,
  extend: extendHold,
  release: releaseObject,
};

/**
 * Hold / extend hold downstream / release buttons for one object; nothing without hold:write.
 * `onChange` runs after a hold or release went through, with what it did (to reload what shows the state).
 */
export function StockActions({
  id,
  kind,
  code,
  state,
  onChange,
}: {
  id: string;
  kind: string;
  code: string;
  state?: string | null;
  onChange?: (outcome: string) => void;
}) {
  const { can } = useUser();
  const [mode, setMode] = useState<Mode | null>(null);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const action = useAction((m: Mode, r: string) => RUN[m](id, r));
  if (!can('hold:write')) return null;
  const held = state === 'on_hold';
  const open = (m: Mode) => {
    action.clear();
    setReason('');
    setOutcome(null);
    setMode(m);
  };
  return (
    <div className="stock-actions" role="group" aria-label={`Hold actions for ${code}`}>
      {!held && (
        <button type="button" className="small" onClick={() => open('hold')}>
          Hold
        </button>
      )}
      {kind !== 'container' && (
        <button type="button" className="small" onClick={() => open('extend')}>
          Hold downstream
        </button>
      )}
      {held && (
        <button type="button" className="small" onClick={() => open('release')}>
          Release
        </button>
      )}
      {outcome && (
        <span role="status" className="stock-outcome">
          {outcome}
        </span>
      )}
      <FormDialog
        open={mode !== null}
        title={mode ? TITLES[mode](code) : ''}
        submitLabel={mode ? SUBMIT[mode] : ''}
        danger={mode !== 'release'}
        busy={action.busy}
        error={action.error}
        labels={{ reason: 'Reason', id: 'Object', items: 'Object' }}
        onClose={() => setMode(null)}
        onSubmit={async () => {
          if (!mode) return;
          const r = await action.run(mode, reason.trim());
          if (r.ok) {
            const said = outcomeOf(mode, r.value);
            setOutcome(said);
            setMode(null);
            onChange?.(said);
          }
        }}
      >
        {mode === 'extend' && (
          <p className="dialog-text">
            {code} and every lot, unit and container made from it that is still in the plant go on hold in one
            step. Shipped and used-up objects are not touched.
          </p>
        )}
        {mode === 'release' && (
          <p className="dialog-text">
            {code} may be used again once released. Objects made from it stay on hold until released
            themselves.
          </p>
        )}
        <RequiredReason value={reason} onChange={setReason} />
      </FormDialog>
    </div>
  );
}
