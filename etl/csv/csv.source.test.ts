import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEpcisDocument } from '../../domain/epcis.ts';
import { FILES } from './csv.columns.ts';
import { csvBundleToEpcis, readCsvBundle, type CsvFile, type CsvResult } from './csv.source.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLE_DIR = path.join(ROOT, 'docs/examples/csv');

/** The example bundle as a file-name -> content map (read synchronously, for editing in tests). */
function example(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(EXAMPLE_DIR).sort())
    if (name.endsWith('.csv')) files.set(name, readFileSync(path.join(EXAMPLE_DIR, name), 'utf8'));
  return files;
}
const toFiles = (m: Map<string, string>): CsvFile[] => [...m].map(([name, content]) => ({ name, content }));

/** The example bundle with one file's data row `row` (1-based) edited cell by cell. */
function withCells(file: string, row: number, cells: Record<string, string>, base = example()): CsvFile[] {
  const lines = base.get(file)!.trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const fields = lines[row]!.split(',');
  for (const [column, value] of Object.entries(cells)) {
    const i = header.indexOf(column);
    if (i < 0) throw new Error(`no column ${column} in ${file}`);
    fields[i] = value;
  }
  lines[row] = fields.join(',');
  base.set(file, lines.join('\n') + '\n');
  return toFiles(base);
}

function problemsOf(r: CsvResult) {
  expect(r.ok).toBe(false);
  expect(r).not.toHaveProperty('document');
  return r.ok ? [] : r.problems;
}

function okDocument(files: CsvFile[]) {
  const r = csvBundleToEpcis(files);
  if (!r.ok) throw new Error(`bundle has problems: ${JSON.stringify(r.problems, null, 2)}`);
  const parsed = parseEpcisDocument(r.document);
  if (!parsed.ok) throw new Error(`invalid EPCIS: ${JSON.stringify(parsed.problems, null, 2)}`);
  return {
    result: r,
    doc: r.document,
    events: r.document['epcisBody'] as { eventList: Record<string, unknown>[] },
  };
}

/** Every `urn:lotgraph:<kind>:` id of the given kind anywhere in the events. */
function idsOfKind(events: unknown, kind: string): string[] {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && v.startsWith(`urn:lotgraph:${kind}:`))
      found.add(v.slice(`urn:lotgraph:${kind}:`.length));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(events);
  return [...found].sort();
}

const eventOf = (list: Record<string, unknown>[], pred: (e: Record<string, unknown>) => boolean) => {
  const found = list.filter(pred);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('the example bundle (docs/examples/csv)', () => {
  it('converts into a valid EPCIS document with the expected events and objects', () => {
    const { result, doc, events } = okDocument(toFiles(example()));
    const list = events.eventList;
    // 3 receipts + 4 operations + 2 inspections + 5 packing groups + 1 shipment
    expect(list).toHaveLength(15);
    expect(result.read).toBe(2 + 1 + 3 + 3 + 2 + 5 + 4 + 9 + 2 + 1 + 7 + 2);
    const count = (type: string, bizStep?: string) =>
      list.filter((e) => e['type'] === type && (bizStep === undefined || e['bizStep'] === bizStep)).length;
    expect(count('ObjectEvent', 'receiving')).toBe(3);
    expect(count('TransformationEvent')).toBe(4);
    expect(count('ObjectEvent', 'inspecting')).toBe(2);
    expect(count('AggregationEvent', 'packing')).toBe(4);
    expect(count('AggregationEvent', 'unpacking')).toBe(1);
    expect(count('ObjectEvent', 'shipping')).toBe(1);

    expect(idsOfKind(list, 'lot')).toEqual([
      'BR-240304-01',
      'BR-240304-02',
      'DG-240304-01',
      'DG-240304-02',
      'FL-2401-007',
      'FL-2401-008',
      'FL-2401-009',
    ]);
    expect(idsOfKind(list, 'unit')).toEqual([]);
    expect(idsOfKind(list, 'container')).toEqual(['CASE-0101', 'CASE-0102', 'CASE-0103', 'PAL-0042']);

    // events come in time order, each with a unique deterministic id
    const times = list.map((e) => Date.parse(e['eventTime'] as string));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const ids = list.map((e) => e['eventID'] as string);
    expect(new Set(ids).size).toBe(15);
    for (const id of ids)
      expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    // master data: 2 suppliers + 1 customer, 3 materials
    const parsed = parseEpcisDocument(doc);
    expect(
      parsed.ok &&
        parsed.doc.masterData.map((m) => [
          m.type.split(':').pop(),
          m.id,
          m.attributes['lg:role'] ?? m.attributes['lg:materialType'],
        ]),
    ).toEqual([
      ['Party', 'urn:lotgraph:party:MILL-NORTH', 'supplier'],
      ['Party', 'urn:lotgraph:party:MILL-SOUTH', 'supplier'],
      ['Party', 'urn:lotgraph:party:SUPERMART', 'customer'],
      ['EPCClass', 'urn:lotgraph:material:FLOUR-T550', 'raw'],
      ['EPCClass', 'urn:lotgraph:material:DOUGH-WHITE', 'intermediate'],
      ['EPCClass', 'urn:lotgraph:material:BREAD-WHITE-500', 'finished'],
    ]);
    expect(parsed.ok && parsed.doc.masterData[5]!.attributes['lg:gtin']).toBe('04012345000016');
  });

  it('builds each event the way docs/event-model.md says', () => {
    const list = okDocument(toFiles(example())).events.eventList;
    const receipt = eventOf(
      list,
      (e) => e['bizStep'] === 'receiving' && JSON.stringify(e).includes('FL-2401-008'),
    );
    expect(receipt).toMatchObject({
      type: 'ObjectEvent',
      action: 'ADD',
      disposition: 'active',
      eventTime: '2024-03-04T06:12:00+01:00',
      eventTimeZoneOffset: '+01:00',
      quantityList: [{ epcClass: 'urn:lotgraph:lot:FL-2401-008', quantity: 1000, uom: 'KGM' }], // uom from materials.csv
      sourceList: [{ type: 'owning_party', source: 'urn:lotgraph:party:MILL-NORTH' }],
      bizTransactionList: [{ type: 'po', bizTransaction: 'urn:lotgraph:po:PO-24-0311' }],
      ilmd: {
        'lg:material': 'urn:lotgraph:material:FLOUR-T550',
        'lg:supplierLot': 'MN-88122',
        'cbvmda:itemExpirationDate': '2024-09-30',
      },
    });

    const mix = eventOf(list, (e) => e['transformationID'] === 'urn:lotgraph:op:MIX-0414');
    expect(mix).toMatchObject({
      type: 'TransformationEvent',
      eventTime: '2024-03-04T09:18:00+01:00',
      inputQuantityList: [
        { epcClass: 'urn:lotgraph:lot:FL-2401-007', quantity: 40, uom: 'KGM' },
        { epcClass: 'urn:lotgraph:lot:FL-2401-009', quantity: 80, uom: 'KGM' },
      ],
      outputQuantityList: [{ epcClass: 'urn:lotgraph:lot:DG-240304-02', quantity: 195, uom: 'KGM' }],
      bizTransactionList: [{ type: 'prodorder', bizTransaction: 'urn:lotgraph:wo:WO-24-0013' }],
      readPoint: { id: 'urn:lotgraph:location:LINE-BAKE-1' },
      ilmd: { 'lg:material': 'urn:lotgraph:material:DOUGH-WHITE' },
      'lg:step': 'mixing',
      'lg:equipment': 'urn:lotgraph:equipment:MIXER-1',
      'lg:operator': 'urn:lotgraph:operator:OP-017',
      'lg:startTime': '2024-03-04T09:00:00+01:00',
    });
    const bake = eventOf(list, (e) => e['transformationID'] === 'urn:lotgraph:op:BAKE-0413');
    expect(bake['ilmd']).toEqual({
      'lg:material': 'urn:lotgraph:material:BREAD-WHITE-500', // from the work order
      'cbvmda:bestBeforeDate': '2024-03-07',
    });
    expect(bake['sensorElementList']).toEqual([
      {
        sensorReport: [
          { type: 'gs1:Temperature', value: 230, uom: 'CEL', 'lg:parameter': 'ovenTemperature' },
          { type: 'gs1:Time', value: 35, uom: 'MIN', 'lg:parameter': 'bakingTime' },
          { type: 'gs1:Volume', value: 0.8, uom: 'LTR', 'lg:parameter': 'steamVolume' },
        ],
      },
    ]);

    const inspection = eventOf(
      list,
      (e) => e['bizStep'] === 'inspecting' && JSON.stringify(e).includes('BR-240304-01'),
    );
    expect(inspection).toMatchObject({
      action: 'OBSERVE',
      disposition: 'conformant',
      quantityList: [{ epcClass: 'urn:lotgraph:lot:BR-240304-01' }],
      bizTransactionList: [{ type: 'testres', bizTransaction: 'urn:lotgraph:inspection:INS-24-0102' }],
      'lg:step': 'final inspection',
      'lg:inspection': {
        'lg:kind': 'final',
        'lg:result': 'pass',
        'lg:sampleSize': 32,
        'lg:defectiveQuantity': 1,
        'lg:defects': [{ 'lg:code': 'CRUST-TOO-DARK', 'lg:quantity': 1, 'lg:severity': 'minor' }],
      },
    });

    const pallet = list.filter((e) => e['parentID'] === 'urn:lotgraph:container:PAL-0042');
    expect(pallet.map((e) => [e['action'], e['bizStep'], e['childEPCs']])).toEqual([
      ['ADD', 'packing', ['CASE-0101', 'CASE-0102', 'CASE-0103'].map((c) => `urn:lotgraph:container:${c}`)],
      ['DELETE', 'unpacking', ['urn:lotgraph:container:CASE-0103']],
    ]);
    const shipping = eventOf(list, (e) => e['bizStep'] === 'shipping');
    expect(shipping).toMatchObject({
      action: 'OBSERVE',
      disposition: 'in_transit',
      eventTime: '2024-03-04T13:00:00Z',
      eventTimeZoneOffset: '+00:00',
      epcList: ['urn:lotgraph:container:PAL-0042'],
      quantityList: [{ epcClass: 'urn:lotgraph:lot:BR-240304-02', quantity: 10, uom: 'EA' }],
      destinationList: [{ type: 'owning_party', destination: 'urn:lotgraph:party:SUPERMART' }],
      bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:lotgraph:shipment:SH-24-0101' }],
    });
  });

  it('is idempotent: converting again (files in any order) gives the identical document', () => {
    const first = okDocument(toFiles(example())).doc;
    const again = okDocument(toFiles(example())).doc;
    const reversed = okDocument(toFiles(example()).reverse()).doc;
    expect(again).toEqual(first);
    expect(reversed).toEqual(first);
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(first));
  });

  it('derives event ids as UUID v5 layout over SHA-1 of "lotgraph-csv|<file>|<key>"', () => {
    const list = okDocument(toFiles(example())).events.eventList;
    const h = createHash('sha1').update('lotgraph-csv|receipts|urn:lotgraph:lot:FL-2401-007').digest();
    h[6] = (h[6]! & 0x0f) | 0x50;
    h[8] = (h[8]! & 0x3f) | 0x80;
    const hex = h.subarray(0, 16).toString('hex');
    const expected = `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    expect(list[0]!['eventID']).toBe(expected);
    // an edit of a non-key field keeps the id; the content changes
    const edited = okDocument(withCells('receipts.csv', 1, { quantity: '999' })).events.eventList;
    expect(edited[0]!['eventID']).toBe(expected);
    expect(edited[0]!['quantityList']).toEqual([
      { epcClass: 'urn:lotgraph:lot:FL-2401-007', quantity: 999, uom: 'KGM' },
    ]);
  });

  it('is read from a folder by readCsvBundle (only *.csv files, sorted)', async () => {
    const files = await readCsvBundle(EXAMPLE_DIR);
    expect(files.map((f) => f.name)).toEqual([...example().keys()]);
    expect(okDocument(files).doc).toEqual(okDocument(toFiles(example())).doc);
  });
});

describe('bad input: the bundle yields no document and every problem is named', () => {
  it('a missing required column', () => {
    const m = example();
    m.set(
      'receipts.csv',
      m
        .get('receipts.csv')!
        .replace('supplier_lot,quantity,uom', 'supplier_lot,uom')
        .replace(/,1000,|,500,/g, ','),
    );
    expect(problemsOf(csvBundleToEpcis(toFiles(m)))).toEqual([
      {
        file: 'receipts.csv',
        row: 0,
        field: 'quantity',
        reason: 'required column is missing from the header',
      },
    ]);
  });

  it('an unknown column', () => {
    const m = example();
    m.set(
      'suppliers.csv',
      'supplier,name,country,rating\nMILL-NORTH,Northern Flour Mill,DE,A\nMILL-SOUTH,Southern Grain Mill,AT,B\n',
    );
    expect(problemsOf(csvBundleToEpcis(toFiles(m)))).toEqual([
      {
        file: 'suppliers.csv',
        row: 0,
        field: 'rating',
        reason: 'unknown column; the columns of suppliers.csv are supplier, name, country',
      },
    ]);
  });

  it('a number that is not a number', () => {
    const r = csvBundleToEpcis(withCells('material_issues.csv', 2, { quantity: '"40,5"' }));
    expect(problemsOf(r)).toEqual([
      {
        file: 'material_issues.csv',
        row: 2,
        field: 'quantity',
        reason:
          '"40,5" is not a number: write decimals with a dot (12.5), without thousands separators or units',
      },
    ]);
    expect(r.read).toBe(41);
  });

  it('an empty required cell and a zero quantity', () => {
    expect(
      problemsOf(csvBundleToEpcis(withCells('receipts.csv', 1, { supplier: '', quantity: '0' }))),
    ).toEqual([
      { file: 'receipts.csv', row: 1, field: 'supplier', reason: 'missing value' },
      { file: 'receipts.csv', row: 1, field: 'quantity', reason: 'must be greater than 0' },
    ]);
  });

  it('Excel-style files: BOM, CRLF, header case and blank rows (which keep their row number)', () => {
    const m = example();
    m.set(
      'suppliers.csv',
      '\uFEFFSupplier, Name ,COUNTRY\r\nMILL-NORTH,Northern Flour Mill,de\r\n\r\nMILL-SOUTH,Southern Grain Mill,AUT\r\n',
    );
    const r = csvBundleToEpcis(toFiles(m));
    expect(problemsOf(r)).toEqual([
      {
        file: 'suppliers.csv',
        row: 3,
        field: 'country',
        reason: '"AUT" is not an ISO 3166-1 alpha-2 country code (e.g. DE)',
      },
    ]);
    expect(r.read).toBe(41); // as many as the example: the blank row is not read
    m.set('suppliers.csv', m.get('suppliers.csv')!.replace('AUT', 'at'));
    const parsed = parseEpcisDocument(okDocument(toFiles(m)).doc);
    expect(parsed.ok && parsed.doc.masterData.slice(0, 2).map((e) => e.attributes['lg:country'])).toEqual([
      'DE',
      'AT',
    ]);
  });

  it('a negative quantity', () => {
    expect(problemsOf(csvBundleToEpcis(withCells('packing.csv', 1, { quantity: '-20' })))).toEqual([
      { file: 'packing.csv', row: 1, field: 'quantity', reason: 'must not be negative (got -20)' },
    ]);
  });

  it('a time without a zone', () => {
    expect(
      problemsOf(csvBundleToEpcis(withCells('receipts.csv', 1, { received_at: '2024-03-04T06:10:00' }))),
    ).toEqual([
      {
        file: 'receipts.csv',
        row: 1,
        field: 'received_at',
        reason:
          '"2024-03-04T06:10:00" has no time zone; add Z for UTC or the offset of the local time, e.g. 2024-03-04T08:30:00+01:00',
      },
    ]);
  });

  it('a malformed or impossible time', () => {
    const m = example();
    withCells('packing.csv', 3, { time: '04.03.2024 11:05' }, m);
    withCells('inspections.csv', 1, { inspected_at: '2024-02-30T07:05:00+01:00' }, m);
    withCells('process_records.csv', 2, { end: '2024-03-04' }, m);
    expect(problemsOf(csvBundleToEpcis(toFiles(m)))).toEqual([
      {
        file: 'process_records.csv',
        row: 2,
        field: 'end',
        reason:
          '"2024-03-04" is a date without a time of day; expected a date-time such as 2024-03-04T08:30:00+01:00',
      },
      {
        file: 'inspections.csv',
        row: 1,
        field: 'inspected_at',
        reason: '"2024-02-30T07:05:00+01:00" is not a real date-time',
      },
      {
        file: 'packing.csv',
        row: 3,
        field: 'time',
        reason: '"04.03.2024 11:05" is not an ISO 8601 date-time; expected e.g. 2024-03-04T08:30:00+01:00',
      },
    ]);
  });

  it('an unknown reference (a code the bundle does not know), while a URI is accepted', () => {
    expect(problemsOf(csvBundleToEpcis(withCells('inspections.csv', 1, { lot: 'FL-9999' })))).toEqual([
      {
        file: 'inspections.csv',
        row: 1,
        field: 'lot',
        reason:
          'unknown lot "FL-9999": no row of receipts.csv or process_records.csv in this bundle has it; ' +
          'to refer to a lot of an earlier import write its URI (urn:lotgraph:lot:FL-9999)',
      },
    ]);
    const { events } = okDocument(withCells('inspections.csv', 1, { lot: 'urn:lotgraph:lot:FL-9999' }));
    expect(idsOfKind(events.eventList, 'lot')).toContain('FL-9999');
    const dl = okDocument(
      withCells('inspections.csv', 1, { lot: 'https://id.gs1.org/01/04012345000016/10/B42' }),
    );
    expect(JSON.stringify(dl.events)).toContain('"epcClass":"https://id.gs1.org/01/04012345000016/10/B42"');
  });

  it('unknown operations, inspections and containers', () => {
    const m = example();
    withCells('material_issues.csv', 1, { operation: 'MIX-9999' }, m);
    withCells('process_parameters.csv', 1, { operation: 'MIX-9999' }, m);
    m.set('defects.csv', m.get('defects.csv')! + 'INS-24-0999,BURNT,1,major\n');
    withCells('packing.csv', 4, { child_container: 'CASE-0999' }, m);
    withCells('shipments.csv', 1, { container: 'PAL-0999' }, m);
    const unknownOp =
      'unknown operation "MIX-9999": not in process_records.csv; every operation needs its process record';
    expect(problemsOf(csvBundleToEpcis(toFiles(m)))).toEqual([
      { file: 'material_issues.csv', row: 1, field: 'operation', reason: unknownOp },
      // MIX-0412 lost its only input, but it still has an output: no other problem
      { file: 'process_parameters.csv', row: 1, field: 'operation', reason: unknownOp },
      {
        file: 'defects.csv',
        row: 2,
        field: 'inspection',
        reason: 'unknown inspection "INS-24-0999": not in inspections.csv',
      },
      {
        file: 'packing.csv',
        row: 4,
        field: 'child_container',
        reason:
          'unknown container "CASE-0999": no row of packing.csv in this bundle packs into it; ' +
          'to refer to a container of an earlier import write its URI (urn:lotgraph:container:CASE-0999)',
      },
      {
        file: 'shipments.csv',
        row: 1,
        field: 'container',
        reason:
          'unknown container "PAL-0999": no row of packing.csv in this bundle packs into it; ' +
          'to refer to a container of an earlier import write its URI (urn:lotgraph:container:PAL-0999)',
      },
    ]);
  });

  it('master data: a code must be listed when its file is in the bundle, and is taken as is when not', () => {
    expect(problemsOf(csvBundleToEpcis(withCells('receipts.csv', 3, { supplier: 'MILL-EAST' })))).toEqual([
      {
        file: 'receipts.csv',
        row: 3,
        field: 'supplier',
        reason: 'unknown supplier "MILL-EAST": not in suppliers.csv',
      },
    ]);
    const m = example();
    m.delete('suppliers.csv');
    withCells('receipts.csv', 3, { supplier: 'MILL-EAST' }, m);
    const { events } = okDocument(toFiles(m));
    expect(JSON.stringify(events)).toContain('"source":"urn:lotgraph:party:MILL-EAST"');
  });

  it('an unknown file name, a duplicate file and an empty bundle', () => {
    const files = [
      ...toFiles(example()),
      { name: 'labels.csv', content: 'label\nA\n' },
      { name: 'receipts.csv', content: '' },
    ];
    const names = Object.keys(FILES).join(', ');
    expect(problemsOf(csvBundleToEpcis(files))).toEqual([
      { file: 'receipts.csv', row: 0, reason: 'the bundle holds this file twice' },
      { file: 'labels.csv', row: 0, reason: `unknown file name; a bundle may hold ${names}` },
    ]);
    expect(problemsOf(csvBundleToEpcis([]))).toEqual([
      { file: '', row: 0, reason: `the bundle has no files; it may hold ${names}` },
    ]);
  });

  it('every problem of every file at once, in file and row order', () => {
    const m = example();
    withCells('shipments.csv', 2, { quantity: '-10' }, m);
    withCells('receipts.csv', 2, { quantity: 'ten', received_at: '2024-03-04 06:12' }, m);
    withCells('inspections.csv', 2, { result: 'ok', lot: 'BR-0000' }, m);
    const r = csvBundleToEpcis(toFiles(m));
    expect(problemsOf(r).map((p) => [p.file, p.row, p.field])).toEqual([
      ['receipts.csv', 2, 'quantity'],
      ['receipts.csv', 2, 'received_at'],
      ['inspections.csv', 2, 'result'],
      ['inspections.csv', 2, 'lot'],
      ['shipments.csv', 2, 'quantity'],
    ]);
    expect(problemsOf(r)[2]!.reason).toBe('must be one of pass, fail (got "ok")');
  });

  it('a row with the wrong number of fields, a semicolon file and broken quoting', () => {
    const m = example();
    m.set('customers.csv', 'customer;name;country\nSUPERMART;SuperMart;DE\n');
    m.set('defects.csv', 'inspection,code,quantity,severity\nINS-24-0102,CRUST-TOO-DARK,1\n');
    m.set('work_orders.csv', 'work_order,material\nWO-24-0012,BREAD-WHITE-500\nWO-24-0013,"BREAD\n');
    expect(problemsOf(csvBundleToEpcis(toFiles(m)))).toEqual([
      {
        file: 'customers.csv',
        row: 0,
        reason:
          'the header is separated by ";": use a comma as the column separator (and a dot for decimals)',
      },
      {
        file: 'work_orders.csv',
        row: 2,
        reason: expect.stringMatching(/^is not valid CSV: Quote Not Closed/),
      },
      { file: 'defects.csv', row: 1, reason: 'has 3 fields but the header has 4' },
    ]);
  });

  it('marks a material on the Food Traceability List (ftl), and refuses another value', () => {
    const listed = csvBundleToEpcis(withCells('materials.csv', 3, { ftl: 'yes' }));
    const md = (r: typeof listed) =>
      r.ok
        ? (
            r.document['epcisHeader'] as {
              epcisMasterData: {
                vocabularyList: {
                  vocabularyElementList: { id: string; attributes: { id: string; attribute: unknown }[] }[];
                }[];
              };
            }
          ).epcisMasterData.vocabularyList
            .flatMap((v) => v.vocabularyElementList)
            .map((e) => [e.id, e.attributes.find((a) => a.id === 'lg:ftl')?.attribute])
            .filter(([id]) => String(id).includes(':material:'))
        : null;
    expect(md(listed)).toEqual([
      ['urn:lotgraph:material:FLOUR-T550', false],
      ['urn:lotgraph:material:DOUGH-WHITE', undefined],
      ['urn:lotgraph:material:BREAD-WHITE-500', true],
    ]);
    expect(problemsOf(csvBundleToEpcis(withCells('materials.csv', 2, { ftl: 'maybe' })))).toEqual([
      { file: 'materials.csv', row: 2, field: 'ftl', reason: expect.stringContaining('"maybe"') },
    ]);
  });

  it('carries the FSMA 204 traceability lot code source of a receipt (tlc_source, tlc_source_reference), and refuses a wrong one', () => {
    const m = example();
    withCells('receipts.csv', 1, { tlc_source: 'urn:epc:id:sgln:0614141.00888.0' }, m);
    const files = withCells(
      'receipts.csv',
      2,
      { tlc_source: 'PACKHOUSE-1', tlc_source_reference: 'https://farm.example/traceability' },
      m,
    );
    const list = okDocument(files).events.eventList.filter((e) => e['bizStep'] === 'receiving');
    expect(list.map((e) => e['ilmd'])).toEqual([
      {
        'lg:material': 'urn:lotgraph:material:FLOUR-T550',
        'lg:supplierLot': 'MN-88121',
        'lg:tlcSource': 'urn:epc:id:sgln:0614141.00888.0',
        'cbvmda:productionDate': '2024-02-28',
        'cbvmda:itemExpirationDate': '2024-09-30',
      },
      {
        'lg:material': 'urn:lotgraph:material:FLOUR-T550',
        'lg:supplierLot': 'MN-88122',
        'lg:tlcSource': 'urn:lotgraph:location:PACKHOUSE-1',
        'lg:tlcSourceReference': 'https://farm.example/traceability',
        'cbvmda:productionDate': '2024-02-28',
        'cbvmda:itemExpirationDate': '2024-09-30',
      },
      {
        'lg:material': 'urn:lotgraph:material:FLOUR-T550',
        'lg:supplierLot': 'MS-5521',
        'cbvmda:itemExpirationDate': '2024-08-31',
      },
    ]);
    const bad = example();
    withCells('receipts.csv', 1, { tlc_source: 'urn:epc:id:sscc:0614141.1234567890' }, bad);
    withCells('receipts.csv', 2, { tlc_source_reference: 'farm office' }, bad);
    expect(problemsOf(csvBundleToEpcis(toFiles(bad)))).toEqual([
      {
        file: 'receipts.csv',
        row: 1,
        field: 'tlc_source',
        reason: '"urn:epc:id:sscc:0614141.1234567890" identifies a container, not a location',
      },
      {
        file: 'receipts.csv',
        row: 2,
        field: 'tlc_source_reference',
        reason: '"farm office" is not a URI: give a web address (https://…) or another URI (urn:…)',
      },
    ]);
  });

  it('codes and URIs of the wrong shape or kind', () => {
    const m = example();
    withCells('packing.csv', 1, { lot: 'urn:epc:id:sgtin:4012345.000001.77' }, m);
    withCells('receipts.csv', 1, { lot: 'FL 2401 007' }, m);
    withCells('materials.csv', 3, { gtin: '4012345000017' }, m);
    expect(problemsOf(csvBundleToEpcis(toFiles(m)))).toEqual([
      {
        file: 'materials.csv',
        row: 3,
        field: 'gtin',
        reason: '"4012345000017" has a wrong GTIN check digit',
      },
      {
        file: 'receipts.csv',
        row: 1,
        field: 'lot',
        reason:
          '"FL 2401 007" is not a valid code: use letters, digits and - . _ / + ( ) only, or give a full URI (urn:… or https://…)',
      },
      {
        file: 'packing.csv',
        row: 1,
        field: 'lot',
        reason: '"urn:epc:id:sgtin:4012345.000001.77" identifies a unit (serial number), not a lot',
      },
    ]);
  });

  it('rows that contradict each other', () => {
    const m = example();
    // the second row of an operation must repeat the operation columns
    m.set(
      'process_records.csv',
      m.get('process_records.csv')! +
        'BAKE-0415,WO-24-0013,baking,LINE-BAKE-1,OVEN-3,OP-021,2024-03-04T10:10:00+01:00,2024-03-04T10:50:00+01:00,,BR-240304-03,20,EA,2024-03-07\n',
    );
    withCells('receipts.csv', 2, { lot: 'FL-2401-007' }, m); // received twice
    withCells('inspections.csv', 1, { defective_quantity: '6' }, m); // more than the sample of 5
    withCells('material_issues.csv', 4, { uom: 'GRM' }, m); // the dough lot is counted in KGM
    withCells('process_records.csv', 1, { start: '2024-03-04T08:00:00+01:00' }, m); // after its end
    expect(problemsOf(csvBundleToEpcis(toFiles(m)))).toEqual([
      { file: 'receipts.csv', row: 2, field: 'lot', reason: 'duplicate lot: already received in row 1' },
      {
        file: 'material_issues.csv',
        row: 4,
        field: 'uom',
        reason:
          'is GRM but lot "DG-240304-01" is counted in KGM (process_records.csv row 1); give the quantity in KGM',
      },
      { file: 'process_records.csv', row: 1, field: 'start', reason: 'is after end' },
      {
        file: 'process_records.csv',
        row: 5,
        field: 'equipment',
        reason:
          'differs from row 4 of operation "BAKE-0415" ("OVEN-2" there); the operation columns must be equal on every row of an operation',
      },
      {
        file: 'inspections.csv',
        row: 1,
        field: 'defective_quantity',
        reason: 'is larger than sample_size (5)',
      },
    ]);
  });
});

describe('serial numbers, GS1 URIs and unpacking everything', () => {
  // a small electronics bundle: boards with serial numbers, no master data files
  const bundle = (): Map<string, string> =>
    new Map([
      [
        'receipts.csv',
        'lot,material,supplier,quantity,uom,received_at\nR-100,RES-10K,urn:epc:id:pgln:4012345.00000,5000,EA,2024-05-02T07:00:00Z\n',
      ],
      [
        'process_records.csv',
        'operation,work_order,step,line,equipment,end,material,lot,serial,quantity\n' +
          'SMT-1,WO-7,smt,SMT-1,PNP-2,2024-05-02T09:00:00Z,ECU-A,,ECU-0001,\n' +
          'SMT-1,WO-7,smt,SMT-1,PNP-2,2024-05-02T09:00:00Z,ECU-A,,ECU-0002,1\n' +
          'REW-1,WO-7,rework,RW-1,,2024-05-02T11:00:00Z,ECU-A,,ECU-0002,\n',
      ],
      ['material_issues.csv', 'operation,lot,serial,quantity,uom\nSMT-1,R-100,,20,\nREW-1,,ECU-0002,,\n'],
      [
        'inspections.csv',
        'inspection,serial,kind,result,sample_size,defective_quantity,inspected_at,equipment\n' +
          'AOI-1,ECU-0001,aoi,pass,1,0,2024-05-02T09:10:00Z,AOI-1\n' +
          'AOI-2,ECU-0002,aoi,fail,1,1,2024-05-02T09:11:00Z,AOI-1\n',
      ],
      [
        'defects.csv',
        'inspection,code,quantity,severity\nAOI-2,TOMBSTONE,1,major\nAOI-2,BRIDGE,2,critical\n',
      ],
      [
        'packing.csv',
        'container,action,child_container,serial,time\n' +
          'https://id.gs1.org/00/340123450000000018,packed,,ECU-0001,2024-05-02T12:00:00Z\n' +
          'https://id.gs1.org/00/340123450000000018,packed,,ECU-0002,2024-05-02T12:00:00Z\n' +
          'https://id.gs1.org/00/340123450000000018,unpacked,,,2024-05-02T12:30:00Z\n',
      ],
      [
        'shipments.csv',
        'shipment,customer,serial,shipped_at\nSH-9,urn:epc:id:pgln:4098765.00000,ECU-0001,2024-05-02T14:00:00+02:00\n',
      ],
    ]);

  it('converts serials into EPC lists and keeps URIs as given', () => {
    const list = okDocument(toFiles(bundle())).events.eventList;
    expect(list).toHaveLength(1 + 2 + 2 + 2 + 1);
    expect(idsOfKind(list, 'unit')).toEqual(['ECU-0001', 'ECU-0002']);
    expect(idsOfKind(list, 'lot')).toEqual(['R-100']);
    const smt = eventOf(list, (e) => e['transformationID'] === 'urn:lotgraph:op:SMT-1');
    expect(smt).toMatchObject({
      inputQuantityList: [{ epcClass: 'urn:lotgraph:lot:R-100', quantity: 20, uom: 'EA' }],
      outputEPCList: ['urn:lotgraph:unit:ECU-0001', 'urn:lotgraph:unit:ECU-0002'],
      ilmd: { 'lg:material': 'urn:lotgraph:material:ECU-A' },
    });
    const rework = eventOf(list, (e) => e['transformationID'] === 'urn:lotgraph:op:REW-1');
    expect(rework).toMatchObject({
      inputEPCList: ['urn:lotgraph:unit:ECU-0002'],
      outputEPCList: ['urn:lotgraph:unit:ECU-0002'],
    });
    const aoi = eventOf(
      list,
      (e) =>
        (e['bizTransactionList'] as { bizTransaction: string }[] | undefined)?.[0]?.bizTransaction ===
        'urn:lotgraph:inspection:AOI-2',
    );
    expect(aoi).toMatchObject({
      disposition: 'non_conformant',
      epcList: ['urn:lotgraph:unit:ECU-0002'],
      'lg:equipment': 'urn:lotgraph:equipment:AOI-1',
      'lg:inspection': {
        'lg:kind': 'aoi',
        'lg:result': 'fail',
        'lg:defects': [
          { 'lg:code': 'TOMBSTONE', 'lg:quantity': 1, 'lg:severity': 'major' },
          { 'lg:code': 'BRIDGE', 'lg:quantity': 2, 'lg:severity': 'critical' },
        ],
      },
    });
    const packs = list.filter((e) => e['type'] === 'AggregationEvent');
    expect(packs.map((e) => [e['action'], e['parentID'], e['childEPCs']])).toEqual([
      [
        'ADD',
        'https://id.gs1.org/00/340123450000000018',
        ['urn:lotgraph:unit:ECU-0001', 'urn:lotgraph:unit:ECU-0002'],
      ],
      ['DELETE', 'https://id.gs1.org/00/340123450000000018', []], // an empty list: everything out
    ]);
    const shipping = eventOf(list, (e) => e['bizStep'] === 'shipping');
    expect(shipping).toMatchObject({
      epcList: ['urn:lotgraph:unit:ECU-0001'],
      eventTimeZoneOffset: '+02:00',
      destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:4098765.00000' }],
    });
  });

  it('rejects a serial with a quantity, a lot without one and both on one row', () => {
    const m = bundle();
    m.set(
      'material_issues.csv',
      'operation,lot,serial,quantity,uom\nSMT-1,R-100,,,\nREW-1,,ECU-0002,3,\nREW-1,R-100,ECU-0001,1,\n',
    );
    expect(problemsOf(csvBundleToEpcis(toFiles(m)))).toEqual([
      {
        file: 'material_issues.csv',
        row: 1,
        field: 'quantity',
        reason: 'missing value: a lot needs its quantity',
      },
      {
        file: 'material_issues.csv',
        row: 2,
        field: 'quantity',
        reason: 'a serial is one unit: leave quantity empty or write 1',
      },
      {
        file: 'material_issues.csv',
        row: 3,
        field: 'serial',
        reason: 'give only one of lot, serial on a row (lot and serial are filled)',
      },
    ]);
  });
});

describe('readCsvBundle', () => {
  it('reads the given file paths, ignores other files in a folder and fails clearly on a missing path', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lotgraph-csv-'));
    try {
      await writeFile(path.join(dir, 'suppliers.csv'), 'supplier,name\nM1,Mill\n');
      await writeFile(path.join(dir, 'README.md'), '# not a CSV\n');
      expect((await readCsvBundle(dir)).map((f) => f.name)).toEqual(['suppliers.csv']);
      const files = await readCsvBundle([path.join(dir, 'suppliers.csv')]);
      expect(files).toEqual([{ name: 'suppliers.csv', content: 'supplier,name\nM1,Mill\n' }]);
      const r = csvBundleToEpcis(files);
      expect(r).toMatchObject({ ok: true, read: 1 });
      await expect(readCsvBundle(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('docs/csv-format.md', () => {
  it('documents every file and every column', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/csv-format.md'), 'utf8');
    for (const [file, columns] of Object.entries(FILES)) {
      const section = doc.split(/^### /m).find((s) => s.startsWith(`\`${file}\``));
      expect(section, `section for ${file}`).toBeDefined();
      for (const column of Object.keys(columns))
        expect(section, `${file} column ${column}`).toContain(`| \`${column}\` |`);
    }
  });
});
