// The analytics volume: the demo's electronics and bakery year written straight into the
// analytic tables of a DuckDB file by set-based SQL (bench/analytics-volume.sql), at any scale,
// in minutes. It shares the demo's vocabulary (catalog.ts: parties, materials, places,
// equipment; ids.ts: identifiers; the master data itself), its constants (electronics.ts,
// bakery.ts, purchasing.ts: lot sizes, recipes, failure rates, defect codes) and its planted
// problems (a bad capacitor lot, the reflow peak-temperature band, a contaminated improver lot);
// the script restates only the per-event probabilities written inline in the demo's code. Randomness is DuckDB's hash() of (seed, stream, key): the same seed and DuckDB version
// give the same file. Why table level and not the event generator: bench/README.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckStore, DuckTx } from '../analytics/duckdb.ts';
import { lastSeq } from '../analytics/event-log.store.ts';
import { vocabularyList } from '../etl/demo/catalog.ts';
import {
  BATCHES_PER_DAY as BAKE_BATCHES_PER_DAY,
  DEFECT_CODES as BREAD_CODES,
  DISTRIBUTORS,
  PRODUCTS as BREADS,
  rawMaterials as breadRawMaterials,
} from '../etl/demo/bakery.ts';
import {
  BAD_CAP_FAIL,
  BAND_FAIL,
  BASE_FAIL,
  BOARDS_PER_DAY,
  bom,
  DEFECT_CODES as ECU_CODES,
  EOL_FAIL,
  PRODUCTS as ECU_DEMO_PRODUCTS,
  rawMaterials as ecuRawMaterials,
  REFLOW_BAND,
  REFLOW_PROFILE as ECU_REFLOW,
  RETEST_FAIL,
  REWORK_SHARE,
} from '../etl/demo/electronics.ts';
import { PACKAGING_DEFECT } from '../etl/demo/purchasing.ts';
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

// ---- the demo's constants (etl/demo/electronics.ts, bakery.ts, purchasing.ts) in the shapes
// the script's tables take
const FCT = {
  base: BASE_FAIL,
  badCap: BAD_CAP_FAIL,
  band: BAND_FAIL,
  retest: RETEST_FAIL,
  reworkShare: REWORK_SHARE,
  eol: EOL_FAIL,
};
const REFLOW_PROFILE = Object.entries(ECU_REFLOW).map(([line, p]) => ({ line: Number(line), ...p }));
const ECU_PRODUCTS = ECU_DEMO_PRODUCTS.map((p) => ({ ...p, product: p.ecu.replace(/^ECU-/, '') }));
const CODES: Record<string, readonly string[]> = {
  fct_base: ECU_CODES.fctBase,
  fct_retest: ECU_CODES.fctRetest,
  aoi: ECU_CODES.aoi,
  eol: ECU_CODES.eol,
  fct_cap: [ECU_CODES.fctBadCap],
  fct_band: [ECU_CODES.fctBand],
  packaging: [PACKAGING_DEFECT],
  bake_foreign: [BREAD_CODES.foreign],
  bake_underweight: [BREAD_CODES.underweight],
  bake_crust: [BREAD_CODES.crust],
  bake_shape: [BREAD_CODES.shape],
};
// Raw materials of both plants, in this order (the script numbers them); lot sizes at scale 1.
const RAW = [
  ...ecuRawMaterials(1).map((r) => ({ ...r, plant: 'ecu' })),
  ...breadRawMaterials(1).map((r) => ({ ...r, plant: 'bakery' })),
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
      Math.min(...r.suppliers.map((s) => s.lotSize)) * (r.uom === 'KGM' ? 1000 : 1),
      idx + 1,
    ]),
  );
  await tx.run(`CREATE TABLE vol_supplier (
    material VARCHAR, idx INTEGER, n INTEGER, party VARCHAR, w0 DOUBLE, w1 DOUBLE, lot_size DOUBLE)`);
  await tx.append(
    'vol_supplier',
    RAW.flatMap((r) => {
      const total = r.suppliers.reduce((s, x) => s + x.weight, 0);
      let w = 0;
      return r.suppliers.map(({ party, weight, lotSize: size }, idx) => {
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
      const row = [
        p.product,
        idx,
        p.ecu,
        p.board,
        p.bare,
        p.housing,
        w,
        w + p.share,
        p.capsPerBoard,
        p.sensorsPerBoard,
      ];
      w += p.share;
      return row;
    }),
  );
  // electronics.ts bom(): what one board takes from the reels
  await tx.run(`CREATE TABLE vol_bom (product VARCHAR, material VARCHAR, per_board DOUBLE)`);
  await tx.append(
    'vol_bom',
    ECU_PRODUCTS.flatMap((p) => bom(p).map((b) => [p.product, b.material, b.qty])),
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
        b.prefix.dough,
        b.prefix.proofed,
        b.prefix.bread,
        w,
        w + b.share,
        b.waterPerFlour,
        b.doughPerPieceKg,
        b.caseSize,
        b.shelfLifeDays,
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
      b.recipe.map((r) => [b.material, r.material, r.kg, r.material.startsWith('FLOUR-')]),
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
