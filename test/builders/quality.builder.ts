// Builders for material-status fixtures: receiving with an expiry date, incoming-inspection
// decisions (lg:decision), material issue, scrapping. Shapes as docs/event-model.md and
// docs/material-status.md describe them; times as epcis.builder's `at(h)`.
import { at } from './epcis.builder.ts';

type Json = Record<string, unknown>;
const common = (t: number) => ({ eventTime: at(t), eventTimeZoneOffset: '+00:00' });

/** A lot received from a supplier, with its material and, when given, its expiry date (YYYY-MM-DD). */
export function receiveLot(o: {
  lot: string;
  qty: number;
  uom: string;
  supplier: string;
  material: string;
  t: number;
  expiry?: string;
}): Json {
  return {
    type: 'ObjectEvent',
    ...common(o.t),
    action: 'ADD',
    bizStep: 'receiving',
    disposition: 'active',
    quantityList: [{ epcClass: o.lot, quantity: o.qty, uom: o.uom }],
    sourceList: [{ type: 'owning_party', source: o.supplier }],
    ilmd: {
      'lg:material': o.material,
      ...(o.expiry ? { 'cbvmda:itemExpirationDate': o.expiry } : {}),
    },
  };
}

/** The incoming-inspection decision on a lot, as the incoming-inspection form captures it. */
export function decide(o: {
  lot: string;
  t: number;
  action: 'release' | 'reject' | 'conditional_release';
  reason?: string;
  until?: string;
  by?: string;
}): Json {
  const decision: Json = { 'lg:action': o.action, 'lg:by': o.by ?? 'user:quality-1' };
  if (o.reason) decision['lg:reason'] = o.reason;
  if (o.until) decision['lg:until'] = o.until;
  return {
    type: 'ObjectEvent',
    ...common(o.t),
    action: 'OBSERVE',
    bizStep: 'inspecting',
    disposition: o.action === 'reject' ? 'non_conformant' : 'conformant',
    quantityList: [{ epcClass: o.lot }],
    'lg:inspection': {
      'lg:kind': 'incoming',
      'lg:result': o.action === 'reject' ? 'fail' : 'pass',
      'lg:defects': [],
    },
    'lg:decision': decision,
  };
}

/** A material issue of part of a lot to a work order, at a line. */
export function issue(o: {
  lot: string;
  qty: number;
  uom: string;
  workOrder: string;
  t: number;
  line?: string;
}): Json {
  return {
    type: 'ObjectEvent',
    ...common(o.t),
    action: 'OBSERVE',
    bizStep: 'urn:lotgraph:bizstep:issuing',
    quantityList: [{ epcClass: o.lot, quantity: o.qty, uom: o.uom }],
    bizTransactionList: [{ type: 'prodorder', bizTransaction: `urn:lotgraph:wo:${o.workOrder}` }],
    ...(o.line ? { readPoint: { id: o.line }, bizLocation: { id: o.line } } : {}),
    'lg:operator': 'user:operator-1',
  };
}

/** A lot scrapped (ObjectEvent DELETE: disposition destroyed). */
export function scrap(o: { lot: string; t: number }): Json {
  return {
    type: 'ObjectEvent',
    ...common(o.t),
    action: 'DELETE',
    bizStep: 'destroying',
    disposition: 'destroyed',
    quantityList: [{ epcClass: o.lot }],
  };
}
