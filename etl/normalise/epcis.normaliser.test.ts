import { describe, expect, it } from 'vitest';
import { validateEvent, type EpcisEvent } from '../../domain/epcis.ts';
import { codeOf, kindOf, normaliseEvent } from './epcis.normaliser.ts';

const parse = (raw: Record<string, unknown>): EpcisEvent => {
  const r = validateEvent(raw, '');
  if (!r.event) throw new Error(JSON.stringify(r.problems));
  return r.event;
};

describe('kindOf and codeOf', () => {
  it.each([
    ['urn:lotgraph:lot:FL-1', 'unit', 'lot', 'FL-1'],
    ['urn:lotgraph:container:PAL-9', 'unit', 'container', 'PAL-9'],
    ['urn:epc:class:lgtin:4012345.012345.998877', 'unit', 'lot', '998877'],
    ['urn:epc:id:sgtin:0614141.107346.2017', 'lot', 'unit', '2017'],
    ['urn:epc:id:sscc:0614141.1234567890', 'unit', 'container', '1234567890'],
    ['https://id.gs1.org/01/09521141012345/21/2017', 'lot', 'unit', '2017'],
    ['https://id.gs1.org/01/09521141012345/10/LOT%2F7', 'unit', 'lot', 'LOT/7'],
    ['https://id.gs1.org/00/106141412345678908', 'unit', 'container', '106141412345678908'],
    ['urn:example:thing:42', 'unit', 'unit', 'urn:example:thing:42'],
  ] as const)('%s (seen as %s) is a %s coded %s', (id, fallback, kind, code) => {
    expect(kindOf(id, fallback)).toBe(kind);
    expect(codeOf(id)).toBe(code);
  });
});

describe('normaliseEvent', () => {
  it('reads Lotgraph extensions under whatever prefix the document binds', () => {
    const context = [
      'https://ref.gs1.org/standards/epcis/epcis-context.jsonld',
      { plant: 'urn:lotgraph:ext:' },
    ];
    const e = parse({
      type: 'TransformationEvent',
      eventTime: '2025-01-02T10:00:00+01:00',
      eventTimeZoneOffset: '+01:00',
      inputQuantityList: [{ epcClass: 'urn:lotgraph:lot:A', quantity: 2, uom: 'KGM' }],
      outputEPCList: ['urn:lotgraph:unit:U1'],
      bizTransactionList: [{ type: 'urn:epcglobal:cbv:btt:prodorder', bizTransaction: 'urn:lotgraph:wo:W1' }],
      'plant:step': 'reflow',
      'plant:equipment': 'urn:lotgraph:equipment:OVEN-1',
      sensorElementList: [
        {
          sensorReport: [
            { type: 'gs1:Temperature', value: 250.5, uom: 'CEL', 'plant:parameter': 'peakTemperature' },
          ],
        },
      ],
      ilmd: { 'plant:material': 'urn:lotgraph:material:BOARD' },
    });
    const t = normaliseEvent(e, 'urn:uuid:1', 7, context);
    expect(t).toMatchObject({
      seq: 7,
      eventTime: '2025-01-02T09:00:00.000Z',
      operationId: 'urn:uuid:1',
      workOrder: 'urn:lotgraph:wo:W1',
      step: 'reflow',
      equipment: 'urn:lotgraph:equipment:OVEN-1',
      lot: { material: 'urn:lotgraph:material:BOARD' },
      parameters: [{ name: 'peakTemperature', value: 250.5, uom: 'CEL', measurementType: 'gs1:Temperature' }],
    });
    expect(t.inputs).toEqual([
      {
        id: 'urn:lotgraph:lot:A',
        key: 'urn:lotgraph:lot:A',
        kind: 'lot',
        code: 'A',
        quantity: 2,
        uom: 'KGM',
      },
    ]);
    expect(t.outputs.map((o) => o.kind)).toEqual(['unit']);
  });

  it('gives an EPC URI and its Digital Link the same key', () => {
    const ev = (id: string) =>
      normaliseEvent(
        parse({
          type: 'ObjectEvent',
          action: 'OBSERVE',
          eventTime: '2025-01-01T00:00:00Z',
          eventTimeZoneOffset: '+00:00',
          epcList: [id],
        }),
        'x',
        1,
        undefined,
      );
    const a = ev('urn:epc:id:sgtin:0614141.107346.2017').objects[0]!;
    const b = ev('https://id.gs1.org/01/10614141073464/21/2017').objects[0]!;
    expect(a.key).toBe(b.key);
    expect(a.id).not.toBe(b.id);
  });

  const inspection = (extra: Record<string, unknown>) =>
    normaliseEvent(
      parse({
        type: 'ObjectEvent',
        action: 'OBSERVE',
        eventTime: '2025-01-01T00:00:00Z',
        eventTimeZoneOffset: '+00:00',
        bizStep: 'inspecting',
        disposition: 'conformant',
        quantityList: [{ epcClass: 'urn:lotgraph:lot:FL-7' }],
        ...extra,
      }),
      'x',
      1,
      undefined,
    );

  it('reads an incoming-inspection decision with its deviation', () => {
    const t = inspection({
      'lg:decision': {
        'lg:action': 'conditional_release',
        'lg:reason': 'Moisture 14.6 % (limit 14.5 %) accepted for rye bread only',
        'lg:until': '2025-01-31',
        'lg:by': 'user:qe',
      },
    });
    expect(t.decision).toEqual({
      action: 'conditional_release',
      reason: 'Moisture 14.6 % (limit 14.5 %) accepted for rye bread only',
      until: '2025-01-31',
      by: 'user:qe',
    });
    expect(inspection({ 'lg:decision': { 'lg:action': 'reject' } }).decision).toEqual({ action: 'reject' });
  });

  it('ignores a decision with an unknown action, and events without one', () => {
    expect(inspection({ 'lg:decision': { 'lg:action': 'approve' } }).decision).toBeUndefined();
    expect(inspection({}).decision).toBeUndefined();
  });
});
