// FDA FSMA 204 (21 CFR 1 subpart S) key data elements, checked at capture for foods on the Food
// Traceability List: a critical tracking event of such a food without its key data elements is
// refused, naming the event, the field and the element missing; so is a traceability lot code
// assigned where 21 CFR 1.1320 does not allow it (docs/fsma-204.md, decision 029).
import type { EpcisEvent } from './epcis.ts';
import type { Problem } from './errors.ts';
import { toCanonicalKey } from './gs1-ids.ts';
import type { ObjectRef, TraceEvent } from './trace-event.ts';

/** The master-data attribute (EPCClass) that puts a material on the Food Traceability List. */
export const FTL_ATTRIBUTE = 'lg:ftl';

export type CriticalTrackingEvent =
  | 'harvesting'
  | 'cooling'
  | 'initial_packing'
  | 'first_land_based_receiving'
  | 'receiving'
  | 'shipping'
  | 'transformation';

const NAMED: readonly CriticalTrackingEvent[] = [
  'harvesting',
  'cooling',
  'initial_packing',
  'first_land_based_receiving',
  'receiving',
  'shipping',
];

/** The critical tracking event an event is, if any: a transformation, or a business step named like one. */
export function criticalTrackingEventOf(e: TraceEvent): CriticalTrackingEvent | null {
  if (e.type === 'TransformationEvent') return 'transformation';
  if (!e.bizStep) return null;
  const name = e.bizStep
    .replace(/^.*[:/#]/, '')
    .replace(/^bizstep-/i, '')
    .toLowerCase();
  return (NAMED as readonly string[]).includes(name) ? (name as CriticalTrackingEvent) : null;
}

/** What the check needs to know beyond the event: which objects are which food. */
export interface FoodContext {
  /** the material of an object already stored (canonical key), if known */
  materialOf(key: string): string | undefined;
  /** is this material on the Food Traceability List */
  onList(material: string): boolean;
  /** is the object named here for the first time (not stored, named by no earlier event of the document) */
  isNew(key: string): boolean;
}

const quantityProblems = (refs: ObjectRef[], field: string, pointer: string): Problem[] =>
  refs
    .filter((r) => r.kind !== 'unit' && (r.quantity === undefined || r.uom === undefined))
    .map((r) => ({
      pointer: `${pointer}/${field}`,
      field,
      reason: `FSMA 204 key data element missing: the quantity and unit of measure of ${r.id}`,
    }));

/** The objects of listed foods an event names, by role, when it is a critical tracking event. */
function listedFoods(e: TraceEvent, food: FoodContext) {
  if (e.declaredError) return null;
  const cte = criticalTrackingEventOf(e);
  if (!cte) return null;
  const madeHere = e.action === 'ADD';
  const materialOf = (r: ObjectRef, made: boolean) =>
    (made ? e.lot.material : undefined) ?? food.materialOf(r.key) ?? e.lot.material;
  const listed = (refs: ObjectRef[], made: boolean) =>
    refs.filter((r) => {
      const m = materialOf(r, made);
      return m !== undefined && food.onList(m);
    });
  const inputs = cte === 'transformation' ? listed(e.inputs, false) : [];
  const outputs = cte === 'transformation' ? listed(e.outputs, true) : [];
  const objects = cte === 'transformation' ? [] : listed(e.objects, madeHere);
  if (!inputs.length && !outputs.length && !objects.length) return null;
  const foods = [...new Set([...objects, ...inputs, ...outputs].map((r) => materialOf(r, true)))].join(', ');
  return { cte, inputs, outputs, objects, foods, materialOf };
}

/**
 * The key data elements an event of a food on the Food Traceability List lacks, as problems
 * (empty when it is complete, not a critical tracking event, or of no listed food).
 * `raw` is the event as captured, `e` the same event normalised.
 */
export function missingKeyDataElements(
  raw: EpcisEvent,
  e: TraceEvent,
  pointer: string,
  food: FoodContext,
): Problem[] {
  const listed = listedFoods(e, food);
  if (!listed) return [];
  const { cte, inputs, outputs, objects } = listed;
  const foods = listed.foods;
  const missing = (field: string, element: string): Problem => ({
    pointer: `${pointer}/${field}`,
    field,
    reason: `FSMA 204 key data element missing for ${foods} (Food Traceability List, ${cte.replace(/_/g, ' ')}): ${element}`,
  });
  const problems: Problem[] = [];
  if (!e.bizLocation && !e.readPoint) problems.push(missing('bizLocation', 'the location where it happened'));
  if (cte === 'transformation') {
    problems.push(...quantityProblems(inputs, 'inputQuantityList', pointer));
    problems.push(...quantityProblems(outputs, 'outputQuantityList', pointer));
    return problems;
  }
  problems.push(...quantityProblems(objects, 'quantityList', pointer));
  const references = raw.bizTransactionList?.length ?? 0;
  if (cte === 'receiving' || cte === 'first_land_based_receiving') {
    if (!e.sourceParty)
      problems.push(missing('sourceList', 'the immediate previous source (a source party)'));
    if (!references) problems.push(missing('bizTransactionList', 'the reference document (type and number)'));
  }
  if (cte === 'shipping') {
    if (!e.destinationParty)
      problems.push(missing('destinationList', 'the immediate subsequent recipient (a destination party)'));
    if (!references) problems.push(missing('bizTransactionList', 'the reference document (type and number)'));
  }
  return problems;
}

/**
 * Whether an identifier is a GS1 lot or serial identifier (LGTIN or SGTIN EPC URI, or a GS1 Digital
 * Link with a lot /10/ or serial /21/): it carries the code the brand owner gave the lot, which a
 * receiver keeps as the traceability lot code.
 */
export const carriesGs1LotCode = (id: string): boolean =>
  /^(?:01\/\d{14}|8006\/\d{18})\/(?:10|21)\//.test(toCanonicalKey(id));

const URI = /^[a-z][a-z0-9+.-]*:[^\s]+$/i;

/** Why a traceability lot code source is not a location identifier, or null when it is one. */
function notALocation(v: string): string | null {
  if (!URI.test(v)) return 'is not a URI';
  const key = toCanonicalKey(v);
  if (key !== v && !key.startsWith('414/')) return 'is a GS1 identifier of something else than a location';
  return null;
}

/**
 * Traceability lot codes only where 21 CFR 1.1320 allows them, for foods on the Food Traceability
 * List: a code is assigned at initial packing, first land-based receiving or transformation. So a
 * listed lot may not first appear (ObjectEvent ADD) at shipping, and a listed lot that first
 * appears at a receiving (ObjectEvent ADD) keeps its supplier's code (its GS1 lot identifier, or ILMD
 * `lg:supplierLot`) and names where that code was assigned (ILMD `lg:tlcSource`, a location
 * identifier, or `lg:tlcSourceReference`, a URI). Harvesting and cooling identify produce and may
 * add it; they assign no code, so nothing is asked of them here. Empty when the event is fine.
 */
export function traceabilityLotCodeProblems(e: TraceEvent, pointer: string, food: FoodContext): Problem[] {
  const listed = listedFoods(e, food);
  if (!listed || e.type !== 'ObjectEvent' || e.action !== 'ADD') return [];
  const { cte, objects, foods, materialOf } = listed;
  const rule = (r: ObjectRef) =>
    `FSMA 204 traceability lot code (21 CFR 1.1320) of ${r.id} (${materialOf(r, true)}, Food Traceability List)`;
  if (cte === 'shipping')
    return objects
      .filter((r) => food.isNew(r.key))
      .map((r) => ({
        pointer: `${pointer}/action`,
        field: 'action',
        reason: `${rule(r)}: it first appears at shipping, where no code is assigned; a shipper keeps the code it received or assigned, so capture the lot's receiving, initial packing or transformation first`,
      }));
  if (cte !== 'receiving') return [];
  // A lot the log already knows (a return, a transfer between own sites, another delivery of the
  // same lot) got its code where the log says; only a lot that arrives for the first time brings one.
  const arriving = objects.filter((r) => food.isNew(r.key));
  if (!arriving.length) return [];

  const problems: Problem[] = [];
  const ilmd = (field: string, reason: string): Problem => ({
    pointer: `${pointer}/ilmd/${field}`,
    field,
    reason,
  });
  const ownCoded = arriving.filter((r) => !carriesGs1LotCode(r.id));
  if (ownCoded.length && !e.lot.supplierLot)
    for (const r of ownCoded)
      problems.push(
        ilmd(
          'lg:supplierLot',
          `${rule(r)}: a received lot keeps its supplier's code; identify it by its GS1 lot identifier (LGTIN or SGTIN EPC URI, or a Digital Link with /10/ or /21/) or give the code in ILMD lg:supplierLot`,
        ),
      );
  else if (ownCoded.length > 1)
    problems.push(
      ilmd(
        'lg:supplierLot',
        `FSMA 204 traceability lot code (21 CFR 1.1320) of ${foods} (Food Traceability List): lg:supplierLot gives one supplier's code, but this receiving names ${ownCoded.length} listed lots without a GS1 lot identifier (${ownCoded.map((r) => r.id).join(', ')}); receive each lot in its own event`,
      ),
    );
  const { tlcSource, tlcSourceReference } = e.lot;
  if (tlcSource === undefined && tlcSourceReference === undefined)
    problems.push(
      ilmd(
        'lg:tlcSource',
        `FSMA 204 key data element missing for ${foods} (Food Traceability List, receiving): the traceability lot code source, ILMD lg:tlcSource (the location where the supplier assigned the code, e.g. an SGLN) or lg:tlcSourceReference (a URI where it can be found, e.g. the supplier's web page)`,
      ),
    );
  const badSource = tlcSource === undefined ? null : notALocation(tlcSource);
  if (badSource)
    problems.push(
      ilmd(
        'lg:tlcSource',
        `FSMA 204 traceability lot code source of ${foods}: "${tlcSource}" ${badSource}; give the location's identifier (an SGLN urn:epc:id:sgln:…, a GS1 Digital Link with a GLN …/414/…, or another location URI)`,
      ),
    );
  if (tlcSourceReference !== undefined && !URI.test(tlcSourceReference))
    problems.push(
      ilmd(
        'lg:tlcSourceReference',
        `FSMA 204 traceability lot code source reference of ${foods}: "${tlcSourceReference}" is not a URI; give a web address (https://…) or another URI`,
      ),
    );
  return problems;
}

/** Is a master-data attribute value "on the list" (true, or the text true / yes). */
export const listedValue = (v: unknown) =>
  v === true || (typeof v === 'string' && ['true', 'yes'].includes(v.trim().toLowerCase()));
