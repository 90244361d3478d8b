// A large, valid CSV bundle of a bakery, written in streams, for the streaming-import tests and
// benchmark (docs/csv-format.md). Unit i is one flour lot received, mixed into dough, baked
// into bread, inspected and packed into a case; every tenth case goes with nine others onto a
// pallet and the pallet is shipped. Pallet rows are spread over the whole of packing.csv (case i
// goes onto pallet i mod pallets), so one packing event's rows are far apart in the file.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface GeneratedBundle {
  units: number;
  /** data rows written */
  rows: number;
  bytes: number;
  /** events the bundle becomes */
  events: number;
  /** rows per file */
  files: Record<string, number>;
}

const HEADERS: Record<string, string> = {
  'suppliers.csv': 'supplier,name,country',
  'customers.csv': 'customer,name,country',
  'materials.csv': 'material,name,type,uom',
  'work_orders.csv': 'work_order,material',
  'receipts.csv':
    'lot,material,supplier,supplier_lot,quantity,uom,received_at,po,location,production_date,expiry_date,status',
  'process_records.csv':
    'operation,work_order,step,line,equipment,operator,start,end,material,lot,quantity,uom,best_before',
  'material_issues.csv': 'operation,lot,serial,quantity,uom',
  'process_parameters.csv': 'operation,parameter,value,uom,type',
  'inspections.csv':
    'inspection,lot,serial,kind,result,sample_size,defective_quantity,inspected_at,step,equipment,location',
  'defects.csv': 'inspection,code,quantity,severity',
  'packing.csv': 'container,action,child_container,lot,quantity,uom,time,location',
  'shipments.csv': 'shipment,customer,container,lot,serial,quantity,uom,shipped_at,location',
};

/** About how many bytes one unit adds to the bundle. */
export const BYTES_PER_UNIT = 680;

const BASE = Date.UTC(2024, 2, 4, 6, 0, 0);
// One unit a minute: a million units span two years, so a bread's best-before follows its own
// baking (a year later), and a flour lot's dates its receipt, rather than one date for all.
const SHELF_LIFE_MS = 368 * 86_400_000;
const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Writes a bundle of `units` units into `dir` (created if missing). */
export function writeCsvBundle(
  dir: string,
  units: number,
  onProgress?: (unitsWritten: number) => void,
): GeneratedBundle {
  mkdirSync(dir, { recursive: true });
  const fds = new Map<string, number>();
  const buffers = new Map<string, string[]>();
  const counts: Record<string, number> = {};
  let bytes = 0;
  for (const [name, header] of Object.entries(HEADERS)) {
    fds.set(name, openSync(join(dir, name), 'w'));
    buffers.set(name, [header]);
    counts[name] = 0;
  }
  const flush = (name: string) => {
    const b = buffers.get(name)!;
    if (!b.length) return;
    const text = b.join('\n') + '\n';
    bytes += Buffer.byteLength(text);
    writeSync(fds.get(name)!, text);
    buffers.set(name, []);
  };
  const row = (name: string, line: string) => {
    const b = buffers.get(name)!;
    b.push(line);
    counts[name]!++;
    if (b.length >= 2_000) flush(name);
  };

  for (let s = 0; s < 10; s++) row('suppliers.csv', `S-${s},Flour mill ${s},DE`);
  for (let c = 0; c < 5; c++) row('customers.csv', `C-${c},Retailer ${c},FR`);
  row('materials.csv', 'FLOUR,Wheat flour,raw,KGM');
  row('materials.csv', 'DOUGH,Dough,intermediate,KGM');
  row('materials.csv', 'BREAD,Bread 500 g,finished,EA');
  const orders = Math.ceil(units / 100);
  for (let w = 0; w < orders; w++) row('work_orders.csv', `WO-${w},BREAD`);
  const pallets = Math.ceil(units / 10);

  for (let i = 0; i < units; i++) {
    const t = BASE + i * 60_000;
    const wo = `WO-${Math.floor(i / 100)}`;
    row(
      'receipts.csv',
      `FL-${i},FLOUR,S-${i % 10},SL-${i},1000,KGM,${at(t)},PO-${Math.floor(i / 50)},GOODS-IN,${at(t - 5 * 86_400_000).slice(0, 10)},${at(t + 210 * 86_400_000).slice(0, 10)},accepted`,
    );
    row(
      'process_records.csv',
      `MIX-${i},${wo},mixing,LINE-1,MIXER-${i % 3},OP-${i % 20},${at(t + 3_600_000)},${at(t + 4_800_000)},DOUGH,DG-${i},260,KGM,`,
    );
    row(
      'process_records.csv',
      `BAKE-${i},${wo},baking,LINE-1,OVEN-${i % 4},OP-${i % 20},${at(t + 6_000_000)},${at(t + 8_400_000)},BREAD,BR-${i},500,EA,${at(t + SHELF_LIFE_MS).slice(0, 10)}`,
    );
    row('material_issues.csv', `MIX-${i},FL-${i},,250,KGM`);
    row('material_issues.csv', `BAKE-${i},DG-${i},,260,`);
    row('process_parameters.csv', `MIX-${i},mixTime,12,MIN,`);
    row('process_parameters.csv', `MIX-${i},doughTemperature,${(24 + (i % 50) / 10).toFixed(1)},CEL,`);
    row('process_parameters.csv', `BAKE-${i},ovenTemperature,${220 + (i % 20)},CEL,`);
    row('process_parameters.csv', `BAKE-${i},bakeTime,40,MIN,`);
    const fail = i % 10 === 0;
    row(
      'inspections.csv',
      `INS-${i},BR-${i},,final,${fail ? 'fail' : 'pass'},32,${fail ? 1 : 0},${at(t + 9_000_000)},final inspection,AOI-1,QC-LAB`,
    );
    if (fail) row('defects.csv', `INS-${i},CRUST-TOO-DARK,1,minor`);
    row('packing.csv', `CASE-${i},packed,,BR-${i},500,EA,${at(t + 9_600_000)},PACK-1`);
    const pallet = i % pallets;
    row(
      'packing.csv',
      `PAL-${pallet},packed,CASE-${i},,,,${at(BASE + units * 60_000 + 9_600_000 + pallet * 60_000)},PACK-1`,
    );
    if (i < pallets)
      row(
        'shipments.csv',
        `SH-${i},C-${i % 5},PAL-${i},,,,,${at(BASE + units * 60_000 + 13_200_000 + i * 60_000)},DISPATCH`,
      );
    if (onProgress && i % 10_000 === 9_999) onProgress(i + 1);
  }
  for (const name of fds.keys()) {
    flush(name);
    closeSync(fds.get(name)!);
  }
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  // receipt, mixing, baking, inspection and case per unit; pallet and shipment per ten
  const events = units * 5 + pallets * 2;
  return { units, rows, bytes, events, files: counts };
}
