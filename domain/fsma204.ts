// FDA FSMA 204 (21 CFR 1 subpart S) key data elements, checked at capture for foods on the Food
// Traceability List: a critical tracking event of such a food without its key data elements is
// refused, naming the event, the field and the element missing (docs/fsma-204.md).
import type { EpcisEvent } from './epcis.ts';
import type { Problem } from './errors.ts';
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
}

const quantityProblems = (refs: ObjectRef[], field: string, pointer: string): Problem[] =>
  refs
    .filter((r) => r.kind !== 'unit' && (r.quantity === undefined || r.uom === undefined))
    .map((r) => ({
      pointer: `${pointer}/${field}`,
      field,
      reason: `FSMA 204 key data element missing: the quantity and unit of measure of ${r.id}`,
    }));

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
  if (e.declaredError) return [];
  const cte = criticalTrackingEventOf(e);
  if (!cte) return [];
  const materialOf = (r: ObjectRef, made: boolean) =>
    (made ? e.lot.material : undefined) ?? food.materialOf(r.key) ?? e.lot.material;
  const listed = (refs: ObjectRef[], made: boolean) =>
    refs.filter((r) => {
      const m = materialOf(r, made);
      return m !== undefined && food.onList(m);
    });
  const madeHere = e.action === 'ADD';
  const inputs = cte === 'transformation' ? listed(e.inputs, false) : [];
  const outputs = cte === 'transformation' ? listed(e.outputs, true) : [];
  const objects = cte === 'transformation' ? [] : listed(e.objects, madeHere);
  if (!inputs.length && !outputs.length && !objects.length) return [];

  const foods = [...new Set([...objects, ...inputs, ...outputs].map((r) => materialOf(r, true)))].join(', ');
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

/** Is a master-data attribute value "on the list" (true, or the text true / yes). */
export const listedValue = (v: unknown) =>
  v === true || (typeof v === 'string' && ['true', 'yes'].includes(v.trim().toLowerCase()));
