import { describe, expect, it } from 'vitest';
import { scannedId } from './capture-scan.ts';

const GS = '\u001d';

describe('scannedId', () => {
  it('reads a GS1-128 scan with its ]C1 prefix and FNC1 separators into the Digital Link of the lot', () => {
    expect(scannedId(`]C10109506000134352${GS}10ABC123${GS}`, 'lot')).toEqual({
      ok: true,
      id: 'https://id.gs1.org/01/09506000134352/10/ABC123',
      kind: 'lot',
      read: 'element-string',
    });
  });

  it('reads a DataMatrix serial and an SSCC as a unit and a container', () => {
    expect(scannedId(']d20109506000134352217788', 'object')).toMatchObject({
      id: 'https://id.gs1.org/01/09506000134352/21/7788',
      kind: 'unit',
    });
    expect(scannedId('(00)106141411234567897', 'container')).toMatchObject({
      id: 'https://id.gs1.org/00/106141411234567897',
      kind: 'container',
    });
  });

  it('keeps EPC URIs and internal URNs, canonicalises a Digital Link', () => {
    expect(scannedId('urn:epc:class:lgtin:4012345.012345.998877', 'lot')).toMatchObject({
      id: 'urn:epc:class:lgtin:4012345.012345.998877',
      kind: 'lot',
      read: 'epc',
    });
    expect(scannedId('https://example.com/01/09506000134352/10/ABC123', 'lot')).toMatchObject({
      id: 'https://id.gs1.org/01/09506000134352/10/ABC123',
      read: 'digital-link',
    });
    expect(scannedId('urn:lotgraph:lot:FL-1', 'lot')).toMatchObject({
      id: 'urn:lotgraph:lot:FL-1',
      read: 'urn',
    });
  });

  it('turns a plain code into the internal id of the field’s kind, with a scanner’s Enter dropped', () => {
    expect(scannedId('FL-2401-007\r\n', 'lot')).toEqual({
      ok: true,
      id: 'urn:lotgraph:lot:FL-2401-007',
      kind: 'lot',
      read: 'code',
    });
    expect(scannedId(']A0PAL-1', 'container')).toMatchObject({ id: 'urn:lotgraph:container:PAL-1' });
    expect(scannedId('ECU-9', 'object')).toEqual({ ok: true, id: 'ECU-9', kind: null, read: 'code' });
  });

  it('says why a scan cannot be used', () => {
    expect(scannedId(']C10109506000134351', 'lot')).toEqual({
      ok: false,
      reason: 'is not a readable GS1 barcode: (01) GTIN 09506000134351 has check digit 1, expected 2',
    });
    expect(scannedId('(00)106141411234567897', 'lot')).toEqual({
      ok: false,
      reason: 'names a container, not a lot',
    });
    expect(scannedId('two words', 'lot')).toEqual({
      ok: false,
      reason: '"two words" is not a code (it holds spaces or control characters)',
    });
    expect(scannedId('   ', 'lot')).toEqual({ ok: false, reason: 'is empty' });
  });
});
