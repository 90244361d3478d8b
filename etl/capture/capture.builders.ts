// From a validated capture submission to the EPCIS 2.0 event of its step, in the shapes of
// docs/event-model.md. Every event carries `lg:form` (key, version, submission) and the custom
// fields' values in `lg:fields`. Pure: scan fields arrive already read (capture-scan.ts) and
// looked up; the step's own rules (a conditional release needs a reason and a date, …) are
// checked here too, before anything is stored. See docs/forms.md.
import { customValues, type CaptureStep, type FormDefinition } from '../../domain/forms.ts';
import type { Problem } from '../../domain/errors.ts';
import type { ItemKind } from '../../domain/trace-event.ts';

type Json = Record<string, unknown>;

/** A scan field's object: the identifier the event carries and its kind. */
export interface ScannedObject {
  id: string;
  kind: ItemKind;
}

export interface CaptureInput {
  step: CaptureStep;
  form: Pick<FormDefinition, 'key' | 'version' | 'fields'>;
  submissionId: string;
  /** validated against the form version */
  data: Record<string, unknown>;
  /** the objects of the scan fields, by field name */
  objects: Record<string, ScannedObject>;
  /** who captured it (an audit actor, `user:anna`) */
  actor: string;
  eventId: string;
  /** ISO 8601 UTC */
  time: string;
  /** interlock warnings overridden with a reason (material issue) */
  override?: { reason: string; warnings: string[] };
}

export interface CaptureEvent {
  event: Json;
  /** the main object the submission is about */
  subject: string;
  /** every object the event names */
  objects: string[];
}

/** Fields whose text becomes part of an identifier (`urn:lotgraph:wo:<text>`), by step. */
const ID_FIELDS: Record<CaptureStep, string[]> = {
  receiving: ['material', 'supplier', 'purchaseOrder', 'location'],
  incoming_inspection: [],
  material_issue: ['workOrder', 'line', 'operator'],
  process_record: ['workOrder', 'material', 'equipment', 'operator', 'line', 'operation'],
  finished_goods_receipt: ['location', 'workOrder'],
  packing: ['location'],
  shipping: ['shipment', 'customer', 'location'],
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const problem = (field: string, reason: string): Problem => ({ field, pointer: `/data/${field}`, reason });

/** An internal identifier of a code (`urn:lotgraph:<kind>:<code>`); a URN or URI is kept as given. */
export const idOf = (kind: string, v: string) =>
  /^(urn:|https?:\/\/)/i.test(v) ? v : `urn:lotgraph:${kind}:${v}`;

/** The operator of an event: the field's code, else the capturing user's name. */
const operatorOf = (data: Json, actor: string) =>
  idOf('operator', str(data['operator']) ?? actor.replace(/^[a-z]+:/, ''));

/**
 * The step's own rules beyond the form's schema: codes that become identifiers hold no spaces; a
 * conditional release names a reason and a date not in the past; quantities go with a unit; what
 * is packed or shipped is a known kind of object. `today` is YYYY-MM-DD (UTC).
 */
export function stepProblems(
  step: CaptureStep,
  data: Json,
  objects: Record<string, ScannedObject>,
  today: string,
): Problem[] {
  const out: Problem[] = [];
  for (const f of ID_FIELDS[step]) {
    const v = str(data[f]);
    if (v !== undefined && /[\s<>"{}|\\^`]/.test(v))
      out.push(problem(f, 'must be a code without spaces (or a URN)'));
  }
  const d = data;
  switch (step) {
    case 'incoming_inspection': {
      if (d['decision'] === 'conditional_release') {
        if (!str(d['deviationReason']))
          out.push(problem('deviationReason', 'is required for a conditional release'));
        if (!str(d['deviationUntil']))
          out.push(problem('deviationUntil', 'is required for a conditional release'));
        else if (str(d['deviationUntil'])! < today)
          out.push(problem('deviationUntil', `must not be in the past (today is ${today})`));
      }
      if (d['result'] === 'fail' && d['decision'] === 'release')
        out.push(
          problem('decision', 'a failed inspection is rejected or released conditionally, with a deviation'),
        );
      const sample = num(d['sampleSize']);
      const defective = num(d['defectiveQuantity']);
      if (sample !== undefined && defective !== undefined && defective > sample)
        out.push(problem('defectiveQuantity', `must not exceed the sample size ${sample}`));
      if ((num(d['defectQuantity']) !== undefined || str(d['severity'])) && !str(d['defectCode']))
        out.push(problem('defectCode', 'is required with a defect quantity or severity'));
      break;
    }
    case 'material_issue':
      if (num(d['quantity']) === 0) out.push(problem('quantity', 'must be above 0'));
      break;
    case 'process_record':
      if (num(d['inputQuantity']) !== undefined && !str(d['inputLot']))
        out.push(problem('inputLot', 'is required with an input quantity'));
      break;
    case 'finished_goods_receipt':
    case 'packing':
    case 'shipping':
      if (num(d['quantity']) !== undefined && !str(d['uom']))
        out.push(problem('uom', 'is required with a quantity'));
      break;
    default:
      break;
  }
  if (step === 'packing') {
    const item = objects['item'];
    const container = objects['container'];
    if (item && container && item.id === container.id)
      out.push(problem('item', 'cannot be packed into itself'));
    if (item?.kind === 'lot' && num(d['quantity']) === undefined)
      out.push(problem('quantity', 'is required when a lot is packed'));
  }
  if (step === 'shipping' && objects['item']?.kind === 'lot' && num(d['quantity']) === undefined)
    out.push(problem('quantity', 'is required when a lot is shipped'));
  return out;
}

const qtyElement = (epcClass: string, quantity?: number, uom?: string) => ({
  epcClass,
  ...(quantity !== undefined ? { quantity } : {}),
  ...(quantity !== undefined && uom ? { uom } : {}),
});
const place = (kind: 'readPoint' | 'bizLocation', code: string | undefined) =>
  code ? { [kind]: { id: idOf('location', code) } } : {};
const bizTx = (type: string, id: string | undefined) => (id ? [{ type, bizTransaction: id }] : []);

/** The EPCIS event of a capture submission, with its subject and the objects it names. */
export function buildCaptureEvent(c: CaptureInput): CaptureEvent {
  const d = c.data;
  const obj = (f: string) => c.objects[f];
  const common: Json = {
    eventID: c.eventId,
    eventTime: c.time,
    eventTimeZoneOffset: '+00:00',
  };
  const tail: Json = {
    'lg:form': { 'lg:key': c.form.key, 'lg:version': c.form.version, 'lg:submission': c.submissionId },
    'lg:fields': customValues(c.form, d),
  };
  const uom = str(d['uom']);
  switch (c.step) {
    case 'receiving': {
      const lot = obj('lot')!.id;
      const ilmd: Json = { 'lg:material': idOf('material', str(d['material'])!) };
      if (str(d['supplierLot'])) ilmd['lg:supplierLot'] = d['supplierLot'];
      if (str(d['expiry'])) ilmd['cbvmda:itemExpirationDate'] = d['expiry'];
      if (str(d['productionDate'])) ilmd['cbvmda:productionDate'] = d['productionDate'];
      const po = str(d['purchaseOrder']);
      return {
        event: {
          type: 'ObjectEvent',
          ...common,
          action: 'ADD',
          bizStep: 'receiving',
          disposition: 'active',
          quantityList: [qtyElement(lot, num(d['quantity']), uom)],
          ...place('readPoint', str(d['location'])),
          ...place('bizLocation', str(d['location'])),
          ...(po ? { bizTransactionList: bizTx('po', idOf('po', po)) } : {}),
          sourceList: [{ type: 'owning_party', source: idOf('party', str(d['supplier'])!) }],
          ilmd,
          ...tail,
        },
        subject: lot,
        objects: [lot],
      };
    }
    case 'incoming_inspection': {
      const lot = obj('lot')!.id;
      const decision = d['decision'] as 'release' | 'reject' | 'conditional_release';
      const code = str(d['defectCode']);
      const inspection: Json = { 'lg:kind': 'incoming', 'lg:result': d['result'] };
      if (num(d['sampleSize']) !== undefined) inspection['lg:sampleSize'] = d['sampleSize'];
      if (num(d['defectiveQuantity']) !== undefined)
        inspection['lg:defectiveQuantity'] = d['defectiveQuantity'];
      inspection['lg:defects'] = code
        ? [
            {
              'lg:code': code,
              'lg:quantity': num(d['defectQuantity']) ?? num(d['defectiveQuantity']) ?? 1,
              'lg:severity': str(d['severity']) ?? 'major',
            },
          ]
        : [];
      const reason = decision === 'conditional_release' ? str(d['deviationReason']) : str(d['comment']);
      const dec: Json = { 'lg:action': decision };
      if (reason) dec['lg:reason'] = reason;
      if (decision === 'conditional_release') dec['lg:until'] = d['deviationUntil'];
      dec['lg:by'] = c.actor;
      return {
        event: {
          type: 'ObjectEvent',
          ...common,
          action: 'OBSERVE',
          bizStep: 'inspecting',
          disposition: decision === 'reject' ? 'non_conformant' : 'conformant',
          quantityList: [{ epcClass: lot }],
          'lg:inspection': inspection,
          'lg:decision': dec,
          ...tail,
        },
        subject: lot,
        objects: [lot],
      };
    }
    case 'material_issue': {
      const lot = obj('lot')!.id;
      return {
        event: {
          type: 'ObjectEvent',
          ...common,
          action: 'OBSERVE',
          bizStep: 'urn:lotgraph:bizstep:issuing',
          quantityList: [qtyElement(lot, num(d['quantity']), uom)],
          ...place('readPoint', str(d['line'])),
          ...place('bizLocation', str(d['line'])),
          bizTransactionList: bizTx('prodorder', idOf('wo', str(d['workOrder'])!)),
          'lg:operator': operatorOf(d, c.actor),
          ...(c.override
            ? { 'lg:override': { 'lg:reason': c.override.reason, 'lg:warnings': c.override.warnings } }
            : {}),
          ...tail,
        },
        subject: lot,
        objects: [lot],
      };
    }
    case 'process_record': {
      const input = obj('inputLot')?.id;
      const output = obj('outputLot')!.id;
      const outUom = str(d['outputUom']);
      const wo = str(d['workOrder']);
      // Custom numbers are process parameters too: they show with the operation in the trace.
      const params = c.form.fields
        .filter((f) => !f.standard && f.type === 'number' && num(d[f.name]) !== undefined)
        .map((f) => ({ value: d[f.name], ...(f.unit ? { uom: f.unit } : {}), 'lg:parameter': f.name }));
      return {
        event: {
          type: 'TransformationEvent',
          ...common,
          transformationID: idOf('op', str(d['operation']) ?? c.submissionId),
          bizStep: 'commissioning',
          ...(input
            ? {
                inputQuantityList: [qtyElement(input, num(d['inputQuantity']), str(d['inputUom']) ?? outUom)],
              }
            : {}),
          outputQuantityList: [qtyElement(output, num(d['outputQuantity']), outUom)],
          ...place('readPoint', str(d['line'])),
          ...place('bizLocation', str(d['line'])),
          ...(wo ? { bizTransactionList: bizTx('prodorder', idOf('wo', wo)) } : {}),
          ...(params.length ? { sensorElementList: [{ sensorReport: params }] } : {}),
          ...(str(d['material']) ? { ilmd: { 'lg:material': idOf('material', str(d['material'])!) } } : {}),
          'lg:step': d['step'],
          ...(str(d['equipment']) ? { 'lg:equipment': idOf('equipment', str(d['equipment'])!) } : {}),
          'lg:operator': operatorOf(d, c.actor),
          ...tail,
        },
        subject: output,
        objects: input ? [output, input] : [output],
      };
    }
    case 'finished_goods_receipt': {
      const lot = obj('lot')!.id;
      const wo = str(d['workOrder']);
      return {
        event: {
          type: 'ObjectEvent',
          ...common,
          action: 'OBSERVE',
          bizStep: 'storing',
          quantityList: [qtyElement(lot, num(d['quantity']), uom)],
          ...place('readPoint', str(d['location'])),
          ...place('bizLocation', str(d['location'])),
          ...(wo ? { bizTransactionList: bizTx('prodorder', idOf('wo', wo)) } : {}),
          ...tail,
        },
        subject: lot,
        objects: [lot],
      };
    }
    case 'packing': {
      const container = obj('container')!.id;
      const item = obj('item')!;
      return {
        event: {
          type: 'AggregationEvent',
          ...common,
          action: 'ADD',
          bizStep: 'packing',
          parentID: container,
          ...(item.kind === 'lot'
            ? { childQuantityList: [qtyElement(item.id, num(d['quantity']), uom)] }
            : { childEPCs: [item.id] }),
          ...place('readPoint', str(d['location'])),
          ...place('bizLocation', str(d['location'])),
          ...tail,
        },
        subject: container,
        objects: [container, item.id],
      };
    }
    case 'shipping': {
      const item = obj('item')!;
      return {
        event: {
          type: 'ObjectEvent',
          ...common,
          action: 'OBSERVE',
          bizStep: 'shipping',
          disposition: 'in_transit',
          ...(item.kind === 'lot'
            ? { quantityList: [qtyElement(item.id, num(d['quantity']), uom)] }
            : { epcList: [item.id] }),
          ...place('readPoint', str(d['location'])),
          bizTransactionList: bizTx('desadv', idOf('shipment', str(d['shipment'])!)),
          destinationList: [{ type: 'owning_party', destination: idOf('party', str(d['customer'])!) }],
          ...tail,
        },
        subject: item.id,
        objects: [item.id],
      };
    }
  }
}
