// The analytics volume: the demo's electronics and bakery year written straight into the
// analytic tables of a DuckDB file by set-based SQL (bench/analytics-volume.sql), at any scale,
// in minutes. It shares the demo's vocabulary (catalog.ts: parties, materials, places,
// equipment; ids.ts: identifiers; the master data itself) and its planted problems (a bad
// capacitor lot, the reflow peak-temperature band, a contaminated improver lot); the constants
// electronics.ts and bakery.ts keep private (lot sizes, recipes, failure rates) are restated
// below. Randomness is DuckDB's hash() of (seed, stream, key): the same seed and DuckDB version
// give the same file. Why table level and not the event generator: bench/README.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckStore, DuckTx } from '../analytics/duckdb.ts';
import { lastSeq } from '../analytics/event-log.store.ts';
import { vocabularyList } from '../etl/demo/catalog.ts';
import { REFLOW_BAND } from '../etl/demo/electronics.ts';
import {
  containerId,
  equipmentId,
  locationId,
  lotId,
  materialId,
  opId,
  operatorId,
  partyId,
  shipmentId,
  unitId,
  woId,
} from '../etl/demo/ids.ts';
import { GraphProjector, ingestDocument } from '../etl/ingest.ts';
import { EPCIS_CONTEXT } from '../domain/trace-event.ts';

/** Inspection + parameter rows per unit of scale (the demo at scale 1: 78,314 + 12,763). */
export const ROWS_PER_SCALE = 91_077;

// ---- electronics.ts (private there) --------------------------------------------------------
const BOARDS_PER_DAY = 98;
const FCT = { base: 0.015, badCap: 0.15, band: 0.09, retest: 0.1, reworkShare: 0.6, eol: 0.004 };
const REFLOW_PROFILE = [
  { line: 1, mean: 242, sd: 3.5 },
  { line: 2, mean: 246.5, sd: 4 },
];
const ECU_PRODUCTS = [
  {
    product: 'BCM',
    ecu: 'ECU-BCM',
    board: 'PCBA-BCM',
    bare: 'PCB-BARE-BCM',
    housing: 'HOUSING-BCM',
    share: 0.6,
    caps: 10,
    sensors: 1,
    customers: ['OEM-AUTOVIA', 'OEM-NORDWAGEN'],
  },
  {
    product: 'SCM',
    ecu: 'ECU-SCM',
    board: 'PCBA-SCM',
    bare: 'PCB-BARE-SCM',
    housing: 'HOUSING-SCM',
    share: 0.4,
    caps: 8,
    sensors: 2,
    customers: ['OEM-KAROSSA', 'OEM-NORDWAGEN'],
  },
];
const CODES: Record<string, string[]> = {
  fct_base: ['FCT-CAN-COMM', 'FCT-SUPPLY-CURRENT', 'FCT-SENSOR-OFFSET', 'FCT-FLASH-VERIFY'],
  fct_retest: ['FCT-SUPPLY-CURRENT', 'FCT-INTERMITTENT-CONTACT'],
  aoi: ['AOI-SOLDER-BRIDGE', 'AOI-TOMBSTONE', 'AOI-INSUFFICIENT-PASTE'],
  eol: ['EOL-CURRENT-DRAW', 'EOL-LIN-COMM'],
  fct_cap: ['FCT-LEAKAGE-CURRENT'],
  fct_band: ['FCT-INTERMITTENT-CONTACT'],
  // purchasing.ts and bakery.ts
  packaging: ['PACKAGING-DAMAGE'],
  bake_foreign: ['FOREIGN-MATTER'],
  bake_underweight: ['UNDERWEIGHT'],
  bake_crust: ['CRUST-COLOR'],
  bake_shape: ['SHAPE-DEFORMED'],
};

// ---- bakery.ts (private there) -------------------------------------------------------------
const BAKE_BATCHES_PER_DAY = 6;
const DISTRIBUTORS = [
  'DIST-FRESHWAY',
  'DIST-HANSEFOOD',
  'DIST-METROBREAD',
  'DIST-ALPENFRISCH',
  'DIST-RHEINGROCER',
  'DIST-CITYMARKT',
  'DIST-BALTICRETAIL',
];
const BREADS = [
  {
    material: 'BREAD-WHEAT-750',
    dough: 'DOUGH-WHEAT',
    proofed: 'PROOFED-WHEAT',
    prefixes: ['DGW', 'PFW', 'BRW'],
    share: 0.45,
    recipe: { 'FLOUR-T550': 150, 'YEAST-FRESH': 3, SUGAR: 1.5, SALT: 3, 'IMPROVER-E300': 0.75 },
    water: 0.62,
    pieceKg: 0.86,
    caseSize: 24,
    shelfDays: 5,
    doughC: 26,
    proofMin: 55,
    ovenC: 230,
    bakeMin: 42,
  },
  {
    material: 'BREAD-RYE-1000',
    dough: 'DOUGH-RYE',
    proofed: 'PROOFED-RYE',
    prefixes: ['DGR', 'PFR', 'BRR'],
    share: 0.25,
    recipe: { 'FLOUR-RYE-T1150': 110, 'FLOUR-T550': 40, 'YEAST-FRESH': 2.2, SALT: 3.2, 'IMPROVER-E300': 0.5 },
    water: 0.78,
    pieceKg: 1.15,
    caseSize: 20,
    shelfDays: 7,
    doughC: 28,
    proofMin: 70,
    ovenC: 245,
    bakeMin: 60,
  },
  {
    material: 'TOAST-WHITE-500',
    dough: 'DOUGH-TOAST',
    proofed: 'PROOFED-TOAST',
    prefixes: ['DGT', 'PFT', 'TST'],
    share: 0.3,
    recipe: { 'FLOUR-T550': 140, 'YEAST-FRESH': 4.2, SUGAR: 8.4, SALT: 2.6, 'IMPROVER-E300': 0.9 },
    water: 0.58,
    pieceKg: 0.56,
    caseSize: 30,
    shelfDays: 6,
    doughC: 27,
    proofMin: 50,
    ovenC: 210,
    bakeMin: 35,
  },
];

// ---- purchasing (both plants): materials, suppliers, lot sizes, incoming inspection ----------
type Raw = {
  material: string;
  prefix: string;
  uom: 'KGM' | 'H87';
  plant: 'ecu' | 'bakery';
  leadDays: number;
  sampleSize: number;
  failRate: number;
  failDefect: string;
  alternate?: boolean;
  suppliers: [party: string, weight: number, lotSize: number][];
};
const ecuRaw = (material: string, prefix: string, failDefect: string, suppliers: Raw['suppliers']): Raw => ({
  material,
  prefix,
  uom: 'H87',
  plant: 'ecu',
  leadDays: 7,
  sampleSize: material === 'CAP-MLCC-10UF' ? 50 : 32,
  failRate: 0.012,
  failDefect,
  suppliers,
});
const bakeRaw = (
  material: string,
  prefix: string,
  failRate: number,
  failDefect: string,
  suppliers: Raw['suppliers'],
  alternate = false,
): Raw => ({
  material,
  prefix,
  uom: 'KGM',
  plant: 'bakery',
  leadDays: 3,
  sampleSize: 3,
  failRate,
  failDefect,
  alternate,
  suppliers,
});
const RAW: Raw[] = [
  ecuRaw('MCU-ARM-M4', 'MCU', 'MARKING-ERROR', [['SEMI-ORION', 1, 2000]]),
  ecuRaw('CAP-MLCC-10UF', 'CAP', 'CAPACITANCE-OUT-OF-TOL', [
    ['CAP-KAIZEN', 0.55, 4000],
    ['CAP-VOLTARA', 0.45, 10000],
  ]),
  ecuRaw('SENSOR-HALL', 'SNS', 'SENSITIVITY-OUT-OF-TOL', [['SENS-ALPINE', 1, 3000]]),
  ecuRaw('PCB-BARE-BCM', 'PBB', 'PCB-WARPAGE', [['PCB-CIRCUITWEST', 1, 1000]]),
  ecuRaw('PCB-BARE-SCM', 'PBS', 'PCB-WARPAGE', [['PCB-CIRCUITWEST', 1, 1000]]),
  ecuRaw('HOUSING-BCM', 'HSB', 'HOUSING-FLASH', [['HOUSING-POLYMOLD', 1, 1000]]),
  ecuRaw('HOUSING-SCM', 'HSS', 'HOUSING-FLASH', [['HOUSING-POLYMOLD', 1, 1000]]),
  bakeRaw('FLOUR-T550', 'FLW', 0.03, 'MOISTURE-HIGH', [
    ['MILL-NORTH', 0.6, 1000],
    ['MILL-RIVERSIDE', 0.4, 1000],
  ]),
  bakeRaw('FLOUR-RYE-T1150', 'FLR', 0.03, 'FALLING-NUMBER-LOW', [
    ['MILL-NORTH', 0.5, 1000],
    ['MILL-RIVERSIDE', 0.5, 1000],
  ]),
  bakeRaw('YEAST-FRESH', 'YST', 0.02, 'YEAST-ACTIVITY-LOW', [['YEAST-VITALIS', 1, 500]]),
  bakeRaw('SUGAR', 'SUG', 0.01, 'FOREIGN-PARTICLES', [['SWEETSALT-BALTIC', 1, 1000]]),
  bakeRaw('SALT', 'SLT', 0.01, 'MOISTURE-HIGH', [['SWEETSALT-BALTIC', 1, 1000]]),
  bakeRaw(
    'IMPROVER-E300',
    'IMP',
    0.02,
    'ENZYME-ACTIVITY-LOW',
    [
      ['ADDITIVE-ENZYMATICA', 1, 300],
      ['ADDITIVE-BAKEPRO', 1, 200],
    ],
    true,
  ),
];

export interface VolumeOptions {
  /** 1 = the demo's year; the analytics benchmark uses about rows / ROWS_PER_SCALE */
  scale: number;
  seed: number;
  onProgress?: (message: string) => void;
}

export interface VolumeFacts {
  scale: number;
  seed: number;
  badCapacitorLot: string;
  contaminatedAdditiveLot: string;
  reflowBand: typeof REFLOW_BAND;
  rows: Record<string, number>;
  /** inspections + sensor_readings */
  inspectionAndParameterRows: number;
  seconds: number;
}

const script = readFileSync(join(import.meta.dirname, 'analytics-volume.sql'), 'utf8');

/**
 * The script's steps: each starts at a `-- step: <name>` line and holds one statement;
 * `-- step: <name> = <earlier step>` runs that step's statement again.
 */
export const VOLUME_STEPS: { name: string; text: string }[] = [];
for (const chunk of script.split(/^-- step: /m).slice(1)) {
  const nl = chunk.indexOf('\n');
  const [name, again] = chunk
    .slice(0, nl)
    .split(' = ')
    .map((x) => x.trim());
  const text = again ? VOLUME_STEPS.find((s) => s.name === again)?.text : chunk.slice(nl + 1);
  if (!text) throw new Error(`analytics-volume.sql: step "${name}" repeats an unknown step`);
  VOLUME_STEPS.push({ name: name!, text });
}

/** The scale that gives about `rows` inspection + parameter rows. */
export const scaleForRows = (rows: number) => rows / ROWS_PER_SCALE;

/**
 * Writes the analytics volume into an empty store: the demo's master data through the normal
 * ingest path, then every event of the year straight into the analytic tables and the log.
 */
export async function writeAnalyticsVolume(db: DuckStore, opts: VolumeOptions): Promise<VolumeFacts> {
  if (!(opts.scale >= 1)) throw new RangeError('the analytics volume needs scale >= 1');
  const log = opts.onProgress ?? (() => undefined);
  const t0 = performance.now();
  if ((await lastSeq(db)) !== 0) throw new Error(`${db.file} is not empty`);
  // Master data goes the ordinary way, so the log and master_data hold exactly the demo's.
  const stores = { duck: db, graph: null as never };
  await ingestDocument(
    stores,
    new GraphProjector(stores),
    {
      '@context': EPCIS_CONTEXT,
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2025-01-01T00:00:00Z',
      epcisHeader: { epcisMasterData: { vocabularyList: vocabularyList() } },
      epcisBody: { eventList: [] },
    },
    { source: 'bench', project: false },
  );
  const firstSeq = (await lastSeq(db)) + 1;
  const planted = new Map<string, string>();
  await db.transaction(async (tx) => {
    await vocabulary(tx, opts, firstSeq);
    for (const [i, step] of VOLUME_STEPS.entries()) {
      const s0 = performance.now();
      const rows = await tx.run(step.text).catch((err: unknown) => {
        throw new Error(`analytics volume step "${step.name}" failed: ${(err as Error).message}`, {
          cause: err,
        });
      });
      if (step.name === 'planted lots')
        for (const r of rows) planted.set(String(r['what']), String(r['lot_key']));
      const ms = performance.now() - s0;
      if (ms > 500)
        log(`volume step ${i + 1}/${VOLUME_STEPS.length} ${step.name}: ${(ms / 1000).toFixed(1)} s`);
    }
  });
  const [c] = await db.query(`SELECT
    (SELECT count(*) FROM events) AS events,
    (SELECT count(*) FROM event_objects) AS event_objects,
    (SELECT count(*) FROM sensor_readings) AS sensor_readings,
    (SELECT count(*) FROM inspections) AS inspections,
    (SELECT count(*) FROM defects) AS defects,
    (SELECT count(*) FROM event_log) AS event_log`);
  const rows = Object.fromEntries(Object.entries(c!).map(([k, v]) => [k, Number(v)]));
  return {
    scale: opts.scale,
    seed: opts.seed,
    badCapacitorLot: planted.get('capacitor')!,
    contaminatedAdditiveLot: planted.get('improver')!,
    reflowBand: REFLOW_BAND,
    rows,
    inspectionAndParameterRows: rows['inspections']! + rows['sensor_readings']!,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
}

/** The settings and the demo's vocabulary as small tables the script joins. */
async function vocabulary(tx: DuckTx, opts: VolumeOptions, firstSeq: number): Promise<void> {
  await tx.run(`CREATE TABLE vol_settings (
    seed INTEGER, scale DOUBLE, first_seq BIGINT, boards_per_day DOUBLE, bake_batches_per_day DOUBLE,
    base_fail DOUBLE, bad_cap_fail DOUBLE, band_fail DOUBLE, retest_fail DOUBLE, rework_share DOUBLE,
    eol_fail DOUBLE, band_min DOUBLE, band_max DOUBLE,
    lot_urn VARCHAR, unit_urn VARCHAR, container_urn VARCHAR, material_urn VARCHAR, party_urn VARCHAR,
    equipment_urn VARCHAR, location_urn VARCHAR, operator_urn VARCHAR, op_urn VARCHAR, wo_urn VARCHAR,
    shipment_urn VARCHAR)`);
  await tx.append('vol_settings', [
    [
      opts.seed,
      opts.scale,
      firstSeq,
      BOARDS_PER_DAY,
      BAKE_BATCHES_PER_DAY,
      FCT.base,
      FCT.badCap,
      FCT.band,
      FCT.retest,
      FCT.reworkShare,
      FCT.eol,
      REFLOW_BAND.min,
      REFLOW_BAND.max,
      lotId(''),
      unitId(''),
      containerId(''),
      materialId(''),
      partyId(''),
      equipmentId(''),
      locationId(''),
      operatorId(''),
      opId(''),
      woId(''),
      shipmentId(''),
    ],
  ]);
  await tx.run(`CREATE TABLE vol_raw (
    material VARCHAR, prefix VARCHAR, uom VARCHAR, base DOUBLE, plant VARCHAR, lead_days INTEGER,
    sample_size DOUBLE, fail_rate DOUBLE, fail_defect VARCHAR, alternate BOOLEAN, min_lot DOUBLE, idx INTEGER)`);
  await tx.append(
    'vol_raw',
    RAW.map((r, idx) => [
      r.material,
      r.prefix,
      r.uom,
      r.uom === 'KGM' ? 1000 : 1,
      r.plant,
      r.leadDays,
      r.sampleSize,
      r.failRate,
      r.failDefect,
      r.alternate ?? false,
      Math.min(...r.suppliers.map((s) => s[2])) * (r.uom === 'KGM' ? 1000 : 1),
      idx + 1,
    ]),
  );
  await tx.run(`CREATE TABLE vol_supplier (
    material VARCHAR, idx INTEGER, n INTEGER, party VARCHAR, w0 DOUBLE, w1 DOUBLE, lot_size DOUBLE)`);
  await tx.append(
    'vol_supplier',
    RAW.flatMap((r) => {
      const total = r.suppliers.reduce((s, x) => s + x[1], 0);
      let w = 0;
      return r.suppliers.map(([party, weight, size], idx) => {
        const row = [
          r.material,
          idx,
          r.suppliers.length,
          party,
          w / total,
          (w + weight) / total,
          size * (r.uom === 'KGM' ? 1000 : 1),
        ];
        w += weight;
        return row;
      });
    }),
  );
  await tx.run(`CREATE TABLE vol_ecu_product (
    product VARCHAR, idx INTEGER, ecu VARCHAR, board VARCHAR, bare VARCHAR, housing VARCHAR,
    w0 DOUBLE, w1 DOUBLE, caps DOUBLE, sensors DOUBLE)`);
  let w = 0;
  await tx.append(
    'vol_ecu_product',
    ECU_PRODUCTS.map((p, idx) => {
      const row = [p.product, idx, p.ecu, p.board, p.bare, p.housing, w, w + p.share, p.caps, p.sensors];
      w += p.share;
      return row;
    }),
  );
  // electronics.ts bom(): what one board takes from the reels
  await tx.run(`CREATE TABLE vol_bom (product VARCHAR, material VARCHAR, per_board DOUBLE)`);
  await tx.append(
    'vol_bom',
    ECU_PRODUCTS.flatMap((p) => [
      [p.product, 'MCU-ARM-M4', 1],
      [p.product, 'CAP-MLCC-10UF', p.caps],
      [p.product, 'SENSOR-HALL', p.sensors],
      [p.product, p.bare, 1],
    ]),
  );
  await tx.run(
    `CREATE TABLE vol_customer (plant VARCHAR, product VARCHAR, idx INTEGER, n INTEGER, party VARCHAR)`,
  );
  await tx.append('vol_customer', [
    ...ECU_PRODUCTS.flatMap((p) => p.customers.map((c, i) => ['ecu', p.product, i, p.customers.length, c])),
    ...DISTRIBUTORS.map((c, i) => ['bakery', null, i, DISTRIBUTORS.length, c]),
  ]);
  await tx.run(`CREATE TABLE vol_bread (
    material VARCHAR, idx INTEGER, dough VARCHAR, proofed VARCHAR, p_dough VARCHAR, p_proofed VARCHAR,
    p_bread VARCHAR, w0 DOUBLE, w1 DOUBLE, water DOUBLE, piece_kg DOUBLE, case_size INTEGER,
    shelf_days INTEGER, dough_c DOUBLE, proof_min DOUBLE, oven_c DOUBLE, bake_min DOUBLE)`);
  w = 0;
  await tx.append(
    'vol_bread',
    BREADS.map((b, idx) => {
      const row = [
        b.material,
        idx,
        b.dough,
        b.proofed,
        ...b.prefixes,
        w,
        w + b.share,
        b.water,
        b.pieceKg,
        b.caseSize,
        b.shelfDays,
        b.doughC,
        b.proofMin,
        b.ovenC,
        b.bakeMin,
      ];
      w += b.share;
      return row;
    }),
  );
  await tx.run(`CREATE TABLE vol_recipe (bread VARCHAR, material VARCHAR, kg DOUBLE, flour BOOLEAN)`);
  await tx.append(
    'vol_recipe',
    BREADS.flatMap((b) =>
      Object.entries(b.recipe).map(([m, kg]) => [b.material, m, kg, m.startsWith('FLOUR-')]),
    ),
  );
  await tx.run(`CREATE TABLE vol_reflow (line INTEGER, mean DOUBLE, sd DOUBLE)`);
  await tx.append(
    'vol_reflow',
    REFLOW_PROFILE.map((r) => [r.line, r.mean, r.sd]),
  );
  await tx.run(`CREATE TABLE vol_code (list VARCHAR, idx INTEGER, n INTEGER, code VARCHAR)`);
  await tx.append(
    'vol_code',
    Object.entries(CODES).flatMap(([list, codes]) => codes.map((c, i) => [list, i, codes.length, c])),
  );
}
