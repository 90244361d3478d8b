// Interlocks on material issue: may this lot go to production now? Refusals (unknown lot,
// quarantine, rejected, on hold, expired, deviation expired, used up) stop the issue; warnings
// (first in first out, first expiry first out) let it go on with a reason. Every message names
// the lot and says what to do. docs/material-status.md lists the rules and the messages.
import { AppError } from '../../domain/errors.ts';
import type { Stores } from '../../etl/ingest.ts';
import { interpret } from './objects.service.ts';
import { materialLots, stockLots, type StockLot } from './stock.service.ts';
import { resolve } from './trace.service.ts';

export type InterlockCode =
  | 'UNKNOWN_LOT'
  | 'QUARANTINE'
  | 'REJECTED'
  | 'ON_HOLD'
  | 'EXPIRED'
  | 'DEVIATION_EXPIRED'
  | 'USED_UP'
  | 'FIFO'
  | 'FEFO';

export interface InterlockReason {
  code: InterlockCode;
  /** operator-readable: names the lot and what to do */
  message: string;
  lot: string;
  better?: { id: string; code: string; receivedAt: string | null; expiry: string | null }[];
}

export interface IssueCheck {
  lot: { id: string; code: string; material: string | null; state: string; expiry: string | null } | null;
  refusals: InterlockReason[];
  warnings: InterlockReason[];
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);
/** A lot's age for first in, first out: when it came in, or when it was made here. */
const ageOf = (l: StockLot) => l.receivedAt ?? l.productionDate;
const listCodes = (lots: StockLot[]) => {
  const codes = lots.map((l) => l.code);
  return codes.length <= 1 ? (codes[0] ?? '') : `${codes.slice(0, -1).join(', ')} and ${codes.at(-1)}`;
};
const lots = (n: number) => (n === 1 ? 'lot' : 'lots');

/** What the identifier names, or the refusal that says it is not a lot we know. */
async function findLot(stores: Stores, text: string): Promise<{ key: string } | InterlockReason> {
  const unknown = (message: string): InterlockReason => ({ code: 'UNKNOWN_LOT', message, lot: text });
  let id: string;
  try {
    id = interpret(text).id;
  } catch (err) {
    if (err instanceof AppError && err.code === 'INVALID_INPUT')
      return unknown(`"${text}" is not a readable lot label. Scan the lot label again or type the lot code.`);
    throw err;
  }
  try {
    const found = await resolve(stores.graph, id);
    if (found.kind !== 'lot')
      return unknown(
        `"${text}" is a ${found.kind} (${found.code}), not a lot. Scan the label of the material lot itself.`,
      );
    return { key: found.key };
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND')
      return unknown(
        `No lot is known as "${text}". Check the label or scan it again; a new delivery must be received first.`,
      );
    if (err instanceof AppError && err.code === 'CONFLICT')
      return unknown(
        `"${text}" names more than one lot. Scan the lot label (with its barcode) instead of typing the code.`,
      );
    throw err;
  }
}

/** The refusals for a lot: every reason it may not be issued now. */
function refusalsOf(l: StockLot): InterlockReason[] {
  const out: InterlockReason[] = [];
  const add = (code: InterlockCode, message: string) => out.push({ code, message, lot: l.id });
  const name = `Lot ${l.code}`;
  const base = l.baseState;
  if (base === 'destroyed')
    add('USED_UP', `${name} was scrapped and is no longer in stock. Check the label: use another lot.`);
  else if (base === 'shipped')
    add(
      'USED_UP',
      `${name} has been shipped: none of it is left in the plant. Check the label: use another lot.`,
    );
  else if (base === 'consumed' || l.remaining <= 0)
    add('USED_UP', `${name} is used up: nothing of it is left in stock. Check the label: use another lot.`);
  if (base === 'quarantine')
    add(
      'QUARANTINE',
      `${name} is in quarantine: incoming inspection has not released it yet. Use another lot or ask quality.`,
    );
  if (base === 'rejected')
    add(
      'REJECTED',
      `${name} was rejected by quality and must not be used. Put it aside for return or scrap and use another lot.`,
    );
  if (l.hold)
    add(
      'ON_HOLD',
      `${name} is on hold${l.hold.reason ? ` (${l.hold.reason})` : ''}: it must not be used until quality releases it. Use another lot.`,
    );
  if (l.expired)
    add(
      'EXPIRED',
      `${name} expired on ${day(l.expiry)}: it must not be used. Use another lot and tell the warehouse.`,
    );
  if (base === 'deviation_expired')
    add(
      'DEVIATION_EXPIRED',
      `${name} was released only under a deviation${l.deviationReason ? ` (${l.deviationReason})` : ''} that ran out on ${l.deviationUntil}. Use another lot or ask quality to extend the deviation.`,
    );
  return out;
}

/**
 * First expiry, first out where the lot carries an expiry date (usable lots of its material that
 * expire on an earlier day); otherwise first in, first out (usable lots that came in or were
 * made earlier).
 */
function warningsOf(l: StockLot, others: StockLot[]): InterlockReason[] {
  const peers = others.filter((o) => o.usable && o.key !== l.key);
  const better = (list: StockLot[]) =>
    list.map((o) => ({ id: o.id, code: o.code, receivedAt: o.receivedAt, expiry: o.expiry }));
  const name = `Lot ${l.code}`;
  if (l.expiry) {
    const mine = day(l.expiry)!;
    const sooner = peers
      .filter((o) => o.expiry && day(o.expiry)! < mine)
      .sort((a, b) => a.expiry!.localeCompare(b.expiry!) || a.code.localeCompare(b.code));
    if (sooner.length === 0) return [];
    return [
      {
        code: 'FEFO',
        lot: l.id,
        message: `${name} expires on ${mine}, but ${lots(sooner.length)} ${listCodes(sooner)} of the same material ${sooner.length === 1 ? 'expires' : 'expire'} sooner (first expiry, first out). Use ${sooner[0]!.code} first, or give a reason to use this lot.`,
        better: better(sooner),
      },
    ];
  }
  const mine = ageOf(l);
  if (!mine) return [];
  const older = peers
    .filter((o) => {
      const a = ageOf(o);
      return a !== null && a < mine;
    })
    .sort((a, b) => ageOf(a)!.localeCompare(ageOf(b)!) || a.code.localeCompare(b.code));
  if (older.length === 0) return [];
  return [
    {
      code: 'FIFO',
      lot: l.id,
      message: `${name} is not the oldest in stock: ${lots(older.length)} ${listCodes(older)} of the same material came in earlier (first in, first out). Use ${older[0]!.code} first, or give a reason to use this lot.`,
      better: better(older),
    },
  ];
}

/**
 * May the lot an identifier names (lot code, EPC URI, GS1 Digital Link, scanned GS1 barcode) be
 * issued to production at `at` (now when absent)? Refusals stop the issue; warnings (FIFO,
 * FEFO) are given only for a lot that may be issued, and name exactly the better lots.
 */
export async function checkIssue(
  stores: Stores,
  input: { lot: string; workOrder?: string; at?: Date },
): Promise<IssueCheck> {
  const asOf = (input.at ?? new Date()).toISOString();
  const text = input.lot.trim();
  const found = await findLot(stores, text);
  if (!('key' in found)) return { lot: null, refusals: [found], warnings: [] };
  const [l] = await stockLots(stores.graph, [found.key], asOf);
  if (!l)
    return {
      lot: null,
      refusals: [{ code: 'UNKNOWN_LOT', message: `No lot is known as "${text}".`, lot: text }],
      warnings: [],
    };
  const lot = { id: l.id, code: l.code, material: l.material, state: l.state, expiry: l.expiry };
  const refusals = refusalsOf(l);
  if (refusals.length > 0 || !l.material) return { lot, refusals, warnings: [] };
  const others = await materialLots(stores.graph, l.material, asOf);
  return { lot, refusals, warnings: warningsOf(l, others) };
}
