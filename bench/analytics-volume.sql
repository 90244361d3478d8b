-- The analytics volume (bench/analytics-volume.ts runs it): the demo's year of both plants, at
-- any scale, written set-based into the analytic tables and the log. Each step below is one
-- statement; `vol_*` tables are staging, dropped at the end. Times are epoch milliseconds (UTC)
-- until the final inserts. Random draws: vol_u(stream, key), DuckDB's hash of the seed, a
-- stream name and a key, so every draw is independent of the order rows are produced in.
-- The shape follows etl/demo (electronics.ts, bakery.ts, purchasing.ts): the comments name
-- what each step mirrors. Simplifications are said where they are made.

-- step: settings
SET VARIABLE vol = (SELECT s FROM vol_settings s);

-- step: code lists
SET VARIABLE vol_codes = (
  SELECT map(list(list), list(codes))
  FROM (SELECT list, list(code ORDER BY idx) AS codes FROM vol_code GROUP BY list)
);

-- step: macro vol_u
CREATE OR REPLACE TEMP MACRO vol_u(stream, k) AS
  hash(hash(getvariable('vol').seed, stream, k))::DOUBLE / 18446744073709551616.0;

-- step: macro vol_int
CREATE OR REPLACE TEMP MACRO vol_int(stream, k, lo, hi) AS
  (lo + floor(vol_u(stream, k) * (hi - lo + 1)))::BIGINT;

-- step: macro vol_normal
-- Box-Muller, as Rng.normal
CREATE OR REPLACE TEMP MACRO vol_normal(stream, k, mean, sd) AS
  mean + sd * sqrt(-2 * ln(1 - vol_u(stream || ':u', k))) * cos(2 * pi() * vol_u(stream || ':v', k));

-- step: macro vol_pick
CREATE OR REPLACE TEMP MACRO vol_pick(list_name, u) AS
  getvariable('vol_codes')[list_name][1 + floor(u * len(getvariable('vol_codes')[list_name]))::BIGINT];

-- step: macro vol_sec
-- emitted events are rounded to the second (Sim.emit)
CREATE OR REPLACE TEMP MACRO vol_sec(ms) AS (round(ms / 1000.0) * 1000)::BIGINT;

-- step: macro vol_yymm
CREATE OR REPLACE TEMP MACRO vol_yymm(ms) AS strftime(make_timestamp((ms * 1000)::BIGINT), '%y%m');

-- step: macro vol_operator
-- DemoContext.operator: three 8-hour shifts, the pool split in thirds
CREATE OR REPLACE TEMP MACRO vol_operator(first_no, pool, t, stream, k) AS
  getvariable('vol').operator_urn || 'OP-' || printf('%03d',
    (first_no + ((((t::BIGINT % 86400000::BIGINT) // 28800000::BIGINT) * (pool // 3) + vol_int(stream, k, 0, pool // 3 - 1)) % pool))::BIGINT);

-- step: macro vol_week
-- isoWeek of time.ts
CREATE OR REPLACE TEMP MACRO vol_week(t) AS ((t::BIGINT - 1735689600000) // 86400000::BIGINT + 2) // 7 + 1;

-- step: macro vol_uuid
CREATE OR REPLACE TEMP MACRO vol_uuid(ek) AS
  'urn:uuid:' || substr(format('{:016x}', hash(hash(getvariable('vol').seed, 'uuid', ek))), 1, 8) || '-'
  || substr(format('{:016x}', hash(hash(getvariable('vol').seed, 'uuid', ek))), 9, 4) || '-4'
  || substr(format('{:016x}', hash(hash(getvariable('vol').seed, 'uuid', ek))), 14, 3) || '-a'
  || substr(format('{:016x}', hash(hash(getvariable('vol').seed, 'uuid2', ek))), 2, 3) || '-'
  || substr(format('{:016x}', hash(hash(getvariable('vol').seed, 'uuid2', ek))), 5, 12);

-- step: calendar
-- Each day of 2025 and the first electronics working day (Mon-Fri from 3 January), Tue/Fri ship
-- day and bakery working day (Mon-Sat from 3 January) on or after it (NULL: none left this year).
CREATE TABLE vol_day AS
WITH d AS (
  SELECT
    d AS day,
    1735689600000 + d * 86400000::BIGINT AS d0,
    dayofweek(make_timestamp((1735689600000 + d * 86400000::BIGINT) * 1000)) AS wd
  FROM range(0, 365) t(d)
)
SELECT
  *,
  min(day) FILTER (WHERE wd BETWEEN 1 AND 5 AND day >= 2) OVER later AS ecu_day,
  min(day) FILTER (WHERE wd IN (2, 5) AND day >= 2) OVER later AS ship_day,
  min(day) FILTER (WHERE wd BETWEEN 1 AND 6 AND day >= 2) OVER later AS bakery_day
FROM d
WINDOW later AS (ORDER BY day ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING);

-- step: macro vol_next
-- The first of the day column's days (ecu_day, ship_day, bakery_day) at `at_ms` past midnight
-- that is at or after time t, as the day to look up: t's own day, or the next one when t is
-- later in the day than at_ms. Join vol_day on it.
CREATE OR REPLACE TEMP MACRO vol_look(t, at_ms) AS
  (t - 1735689600000) // 86400000::BIGINT + CASE WHEN (t - 1735689600000) % 86400000::BIGINT > at_ms THEN 1 ELSE 0 END;

-- step: smt batches
-- Electronics.smtDay/smtBatch: 98 boards a working day (Mon-Fri from 3 January) at scale 1, in
-- panel batches of 20-60, alternating between the two lines, spread from 06:00; the reflow
-- profile per line, clamped to 235-255 °C and rounded as recorded.
CREATE TABLE vol_smt AS
WITH wdays AS (
  SELECT day, d0, row_number() OVER (ORDER BY day) AS w FROM vol_day WHERE wd BETWEEN 1 AND 5 AND day >= 2
),
per_day AS (SELECT getvariable('vol').boards_per_day * getvariable('vol').scale AS b),
sized AS (
  SELECT k, vol_int('smt.size', k, 20, 60) AS size
  FROM range(1, (SELECT ceil(b * 262 / 40 * 1.1)::BIGINT + 100 FROM per_day)) t(k)
),
placed AS (SELECT k, size, sum(size) OVER (ORDER BY k) AS s1 FROM sized),
dayed AS (
  SELECT
    p.k, p.size, p.s1 - p.size AS board0, d.day, d.d0,
    row_number() OVER (PARTITION BY d.w ORDER BY p.k) - 1 AS i,
    count(*) OVER (PARTITION BY d.w) AS n
  FROM placed p
  JOIN wdays d ON d.w = ceil(p.s1 / (SELECT b FROM per_day))::BIGINT
),
timed AS (
  SELECT
    d.*,
    vol_sec(d0 + 6 * 3600000::BIGINT + i * least(3 * 3600000::BIGINT, 13 * 3600000::BIGINT / n)) AS start_t,
    (k - 1) % 2 + 1 AS line,
    p.product, p.idx AS product_idx, p.ecu, p.board, p.bare, p.housing
  FROM dayed d
  JOIN vol_ecu_product p ON vol_u('smt.product', d.k) >= p.w0 AND vol_u('smt.product', d.k) < p.w1
),
peaked AS (
  SELECT t.*, round(greatest(235, least(255, vol_normal('smt.peak', t.k, r.mean, r.sd))), 1) AS peak
  FROM timed t JOIN vol_reflow r USING (line)
)
SELECT
  *,
  start_t + 25 * 60000::BIGINT + size * 20000::BIGINT AS end_t,
  round(vol_normal('smt.tal', k, 62 + (peak - 242) * 1.2, 4)) AS tal,
  round(vol_normal('smt.conveyor', k, 0.8, 0.03), 2) AS conveyor,
  peak BETWEEN getvariable('vol').band_min AND getvariable('vol').band_max AS in_band,
  getvariable('vol').op_urn || 'SMT-' || printf('%06d', k) AS op,
  vol_operator(101, 12, start_t, 'smt.operator', k) AS operator,
  getvariable('vol').wo_urn || 'WO-25-' || printf('%04d', (vol_week(start_t) * 5 + product_idx)::BIGINT) AS work_order
FROM peaked;

-- step: bakery batches
-- Bakery.produceDay/mixAndProof: 6 mixing batches a working day (Mon-Sat from 3 January) at
-- scale 1, one product's batches back to back, spread from 00:30; mixing, then proofing.
CREATE TABLE vol_mix AS
WITH wdays AS (
  SELECT day, d0, row_number() OVER (ORDER BY day) AS w FROM vol_day WHERE wd BETWEEN 1 AND 6 AND day >= 2
),
per_day AS (SELECT getvariable('vol').bake_batches_per_day * getvariable('vol').scale AS b),
batches AS (
  SELECT k, ceil(k / (SELECT b FROM per_day))::BIGINT AS w
  FROM range(1, (SELECT floor(b * (SELECT count(*) FROM wdays))::BIGINT + 1 FROM per_day)) t(k)
),
products AS (
  SELECT b.k, b.w, p.*
  FROM batches b
  JOIN vol_bread p ON vol_u('mix.product', b.k) >= p.w0 AND vol_u('mix.product', b.k) < p.w1
),
dayed AS (
  SELECT
    p.*, d.day, d.d0,
    row_number() OVER (PARTITION BY p.w ORDER BY p.idx, p.k) - 1 AS i,
    count(*) OVER (PARTITION BY p.w) AS n
  FROM products p JOIN wdays d USING (w)
),
timed AS (
  SELECT
    *,
    vol_sec(d0 + 30 * 60000::BIGINT + i * least(45 * 60000::BIGINT, 17 * 3600000::BIGINT / n)) AS start_t,
    round(vol_normal('mix.time', k, 11, 1.2), 1) AS mix_min,
    round(vol_normal('mix.dough_c', k, dough_c, 0.8), 1) AS dough_temp,
    round(vol_normal('proof.time', k, proof_min, 5), 1) AS proof_time,
    round(vol_normal('proof.humidity', k, 80, 2.5), 1) AS humidity
  FROM dayed
)
SELECT
  *,
  vol_sec(start_t + mix_min * 60000::BIGINT) AS mix_t,
  vol_sec(start_t + mix_min * 60000::BIGINT + 10 * 60000::BIGINT + proof_time * 60000::BIGINT) AS proof_t,
  getvariable('vol').equipment_urn || 'MIXER-' || ((k - 1) % 2 + 1) AS mixer,
  vol_operator(1, 9, start_t, 'mix.operator', k) AS operator,
  vol_operator(1, 9, start_t + mix_min * 60000::BIGINT + 10 * 60000::BIGINT + proof_time * 60000::BIGINT, 'proof.operator', k) AS proof_operator,
  getvariable('vol').wo_urn || 'WO-25-' || printf('%04d', (vol_week(start_t) * 5 + 2 + idx)::BIGINT) AS work_order
FROM timed;

-- step: bakery weighings
-- each recipe line weighed with 1 % tolerance, in grams
CREATE TABLE vol_mix_draw AS
SELECT m.k, r.material, r.flour, round(r.kg * 1000 * vol_normal('mix.weigh:' || r.material, m.k, 1, 0.01)) AS grams
FROM vol_mix m JOIN vol_recipe r ON r.bread = m.material;

-- step: draws
-- Every withdrawal from raw stock, in the order stock is used (FIFO): c0..c1 is its stretch of
-- the material's cumulative use. Simplification: rework capacitors are not drawn from stock.
CREATE TABLE vol_draw AS
WITH d AS (
  SELECT 'smt' AS src, s.k, s.start_t AS t, b.material, s.size * b.per_board AS qty
  FROM vol_smt s JOIN vol_bom b ON b.product = s.product
  UNION ALL
  SELECT 'mix', m.k, m.start_t, w.material, w.grams
  FROM vol_mix m JOIN vol_mix_draw w USING (k)
)
SELECT src, k, t, material, c1 - qty AS c0, c1
FROM (SELECT *, sum(qty) OVER (PARTITION BY material ORDER BY t, src, k) AS c1 FROM d);

-- step: lot table
CREATE TABLE vol_lot (
  material VARCHAR, j BIGINT, lot_no BIGINT, prefix VARCHAR, uom VARCHAR, base DOUBLE, plant VARCHAR,
  party VARCHAR, lot_size DOUBLE, failed BOOLEAN, l0 DOUBLE, l1 DOUBLE, r BIGINT, recv_t BIGINT,
  insp_t BIGINT, lot_key VARCHAR, sample_size DOUBLE, fail_defect VARCHAR, fail_qty INTEGER,
  packaging BOOLEAN
);

-- step: lots
-- Purchasing: whole lots from the material's suppliers (weighted, or in turn for the improver),
-- each received (Mon-Sat, 06:00-10:00) a few days before stock reaches it and inspected 1-3 h
-- later; a lot failing its incoming inspection is scrapped and never used. Codes as
-- Numbering.lotCode: prefix, month of receipt, running number in the month.
INSERT INTO vol_lot
WITH need AS (
  SELECT material, max(c1) AS total FROM vol_draw
  WHERE material NOT IN (SELECT material FROM vol_lot)
  GROUP BY material
),
lots0 AS (
  SELECT r.*, n.total, unnest(range(1, ceil(n.total / r.min_lot * 1.05)::BIGINT + 4)) AS j
  FROM need n JOIN vol_raw r USING (material)
),
chosen AS (
  SELECT l.*, s.party, s.lot_size
  FROM lots0 l
  JOIN vol_supplier s ON s.material = l.material AND CASE
    WHEN l.alternate THEN s.idx = (l.j - 1) % s.n
    ELSE vol_u('lot.supplier:' || l.material, l.j) >= s.w0 AND vol_u('lot.supplier:' || l.material, l.j) < s.w1
  END
),
flagged AS (SELECT *, vol_u('lot.fail:' || material, j) < fail_rate AS failed FROM chosen),
cum AS (
  SELECT *, sum(CASE WHEN failed THEN 0 ELSE lot_size END) OVER (PARTITION BY material ORDER BY j) AS l1
  FROM flagged
),
used AS (
  -- the lots the year needs, and the next one on the shelf at its end
  SELECT *, l1 - CASE WHEN failed THEN 0 ELSE lot_size END AS l0 FROM cum
  WHERE l1 - CASE WHEN failed THEN 0 ELSE lot_size END <= total
),
-- the draw whose stretch holds the lot's first unit (the last draw starting at or before it)
timed AS (
  SELECT * EXCLUDE (side, draw_t) FROM (
    SELECT *, last_value(draw_t IGNORE NULLS) OVER (PARTITION BY material ORDER BY l0, side ROWS UNBOUNDED PRECEDING) AS use_t
    FROM (
      SELECT *, 1 AS side, NULL::BIGINT AS draw_t FROM used
      UNION ALL BY NAME
      SELECT material, c0 AS l0, 0 AS side, t AS draw_t
      FROM vol_draw WHERE material IN (SELECT material FROM need)
    )
  )
  WHERE side = 1
),
arrived AS (
  SELECT
    *,
    (use_t - vol_int('lot.lead:' || material, j, 2, 6) * 86400000::BIGINT) // 86400000::BIGINT * 86400000::BIGINT AS day0
  FROM timed
),
received AS (
  SELECT
    *,
    greatest(
      1735689600000 + 86400000::BIGINT + 6 * 3600000::BIGINT, -- opening stock arrives on 2 January
      day0 - CASE WHEN dayofweek(make_timestamp(day0 * 1000)) = 0 THEN 86400000::BIGINT ELSE 0 END
        + 6 * 3600000::BIGINT + vol_int('lot.minute:' || material, j, 0, 240) * 60000::BIGINT
    ) AS recv_t
  FROM arrived
)
SELECT
  material, j, idx * 10000000 + j AS lot_no, prefix, uom, base, plant, party, lot_size, failed, l0, l1,
  CASE WHEN NOT failed THEN row_number() OVER (PARTITION BY material, failed ORDER BY j) END AS r,
  recv_t,
  recv_t + vol_int('lot.inspect:' || material, j, 60, 180) * 60000::BIGINT AS insp_t,
  getvariable('vol').lot_urn || prefix || '-' || vol_yymm(recv_t) || '-'
    || printf('%03d', row_number() OVER (PARTITION BY prefix, vol_yymm(recv_t) ORDER BY recv_t, j)) AS lot_key,
  sample_size,
  CASE WHEN failed THEN fail_defect END AS fail_defect,
  CASE WHEN failed THEN vol_int('lot.fail_qty:' || material, j, 1, 2) END AS fail_qty,
  vol_u('lot.packaging:' || material, j) < 0.05 AS packaging
FROM received;

-- step: planted
-- Electronics.plantBadCapacitor: the first Voltara capacitor reel delivered from April on;
-- Bakery.plantContamination: the first BakePro improver delivery from February on. Both pass
-- their incoming inspection (the escape); here the first such lot that passed is taken.
CREATE TABLE vol_planted AS
SELECT 'capacitor' AS what, arg_min(lot_key, recv_t) AS lot_key
FROM vol_lot
WHERE material = 'CAP-MLCC-10UF' AND party = 'CAP-VOLTARA' AND NOT failed AND recv_t >= 1735689600000 + 90 * 86400000::BIGINT
UNION ALL
SELECT 'improver', arg_min(lot_key, recv_t)
FROM vol_lot
WHERE material = 'IMPROVER-E300' AND party = 'ADDITIVE-BAKEPRO' AND NOT failed AND recv_t >= 1735689600000 + 31 * 86400000::BIGINT;

-- step: take table
CREATE TABLE vol_take (src VARCHAR, k BIGINT, material VARCHAR, lot_key VARCHAR, r BIGINT, amount DOUBLE, base DOUBLE, uom VARCHAR);

-- step: takes
-- Stock.take: each draw from the released lot holding the start of its stretch, and from the
-- next lot when it runs over (a draw is smaller than any lot, so at most two).
INSERT INTO vol_take
WITH ok AS (SELECT * FROM vol_lot WHERE NOT failed),
-- the released lot holding the draw's first unit (the last lot starting at or before it)
first AS (
  SELECT * EXCLUDE (side, lot_r) FROM (
    SELECT *, last_value(lot_r IGNORE NULLS) OVER (PARTITION BY material ORDER BY c0, side ROWS UNBOUNDED PRECEDING) AS r0
    FROM (
      SELECT *, 1 AS side, NULL::BIGINT AS lot_r
      FROM vol_draw WHERE material NOT IN (SELECT DISTINCT material FROM vol_take)
      UNION ALL BY NAME
      SELECT material, l0 AS c0, 0 AS side, r AS lot_r FROM ok
    )
  )
  WHERE side = 1
)
SELECT f.src, f.k, f.material, l.lot_key, l.r, least(f.c1, l.l1) - greatest(f.c0, l.l0) AS amount, l.base, l.uom
FROM first f
JOIN ok l ON l.material = f.material AND l.r IN (f.r0, f.r0 + 1)
WHERE least(f.c1, l.l1) - greatest(f.c0, l.l0) > 0;

-- step: boards
-- Electronics.smtBatch/fct: serialized boards of each batch, FCT 40 min after reflow, one board
-- each 30 s on two testers. Independent causes: the bad capacitor lot (15 %), the reflow band
-- (9 %), a base rate (1.5 %).
CREATE TABLE vol_board AS
WITH bad AS (
  SELECT DISTINCT k FROM vol_take
  WHERE src = 'smt' AND lot_key = (SELECT lot_key FROM vol_planted WHERE what = 'capacitor')
),
b0 AS (
  SELECT s.k, s.end_t, s.line, s.product, s.board, s.in_band, s.board0, bad.k IS NOT NULL AS bad_cap,
         unnest(range(s.size)) AS i
  FROM vol_smt s LEFT JOIN bad USING (k)
),
b1 AS (
  SELECT
    *,
    board0 + i + 1 AS b,
    end_t + 40 * 60000::BIGINT + i * 30000::BIGINT AS fct_t,
    getvariable('vol').equipment_urn || 'FCT-' || (i % 2 + 1) AS tester
  FROM b0
)
SELECT
  *,
  getvariable('vol').unit_urn || 'PCB-' || printf('%07d', (b)::BIGINT) AS unit,
  CASE
    WHEN bad_cap AND vol_u('fct.cap', b) < getvariable('vol').bad_cap_fail THEN vol_pick('fct_cap', 0)
    WHEN in_band AND vol_u('fct.band', b) < getvariable('vol').band_fail THEN vol_pick('fct_band', 0)
    WHEN vol_u('fct.base', b) < getvariable('vol').base_fail THEN vol_pick('fct_base', vol_u('fct.code', b))
  END AS code
FROM b1;

-- step: rework
-- Electronics.reworkDue: 60 % of failed boards are reworked the next working morning from 08:00
-- (fresh capacitors from the reel in use, board in -> same board out) and retested on FCT-1
-- 30 min later; the others, and boards failing the retest, are scrapped.
CREATE TABLE vol_rework AS
WITH due AS (
  SELECT b.*, 1735689600000 + c.ecu_day * 86400000::BIGINT + 8 * 3600000::BIGINT AS t8
  FROM vol_board b
  JOIN vol_day c ON c.day = vol_look(b.fct_t, 8 * 3600000::BIGINT) AND c.ecu_day IS NOT NULL
  WHERE b.code IS NOT NULL AND vol_u('rework', b.b) < getvariable('vol').rework_share
),
placed AS (
  SELECT
    *,
    vol_sec(t8 + (row_number() OVER (PARTITION BY t8 ORDER BY fct_t, b) - 1)
      * least(12 * 60000::BIGINT, 8 * 3600000::BIGINT / count(*) OVER (PARTITION BY t8))) AS t
  FROM due
),
reel AS (
  SELECT k, arg_max(lot_key, r) AS cap_lot FROM vol_take WHERE src = 'smt' AND material = 'CAP-MLCC-10UF' GROUP BY k
),
-- the reel in use: that of the last batch started at or before the rework
capped AS (
  SELECT * EXCLUDE (side, reel_lot) FROM (
    SELECT *, last_value(reel_lot IGNORE NULLS) OVER (ORDER BY t, side ROWS UNBOUNDED PRECEDING) AS cap_lot
    FROM (
      SELECT *, 1 AS side, NULL::VARCHAR AS reel_lot FROM placed
      UNION ALL BY NAME
      SELECT s.start_t AS t, 0 AS side, reel.cap_lot AS reel_lot FROM vol_smt s JOIN reel USING (k)
    )
  )
  WHERE side = 1
)
SELECT
  b, k, unit, board, t + 10 * 60000::BIGINT AS rework_t, t + 40 * 60000::BIGINT AS retest_t, cap_lot,
  row_number() OVER (ORDER BY t, b) AS n,
  vol_operator(101, 12, t, 'rework.operator', b) AS operator,
  CASE
    WHEN cap_lot = (SELECT lot_key FROM vol_planted WHERE what = 'capacitor')
      AND vol_u('retest.cap', b) < getvariable('vol').bad_cap_fail THEN vol_pick('fct_cap', 0)
    WHEN vol_u('retest', b) < getvariable('vol').retest_fail THEN vol_pick('fct_retest', vol_u('retest.code', b))
  END AS code
FROM capped;

-- step: ecus
-- Electronics.assemble: boards that passed (first test or retest) go to the next assembly run
-- (13:00 or 19:30 on a working day); each with a housing becomes a serialized ECU, EOL-tested
-- 3 min later (0.4 % fail and are scrapped).
CREATE TABLE vol_ecu AS
WITH ready AS (
  SELECT b.b, b.unit, b.product, b.fct_t AS ready_t FROM vol_board b WHERE b.code IS NULL
  UNION ALL
  SELECT r.b, r.unit, b.product, r.retest_t FROM vol_rework r JOIN vol_board b USING (b) WHERE r.code IS NULL
),
placed AS (
  -- the next assembly run: 13:00 or 19:30 of an electronics working day
  SELECT r.*,
    CASE
      WHEN c.ecu_day = c.day AND (r.ready_t - 1735689600000) % 86400000::BIGINT <= 13 * 3600000::BIGINT
        THEN c.d0 + 13 * 3600000::BIGINT
      WHEN c.ecu_day = c.day AND (r.ready_t - 1735689600000) % 86400000::BIGINT <= 19 * 3600000::BIGINT + 30 * 60000::BIGINT
        THEN c.d0 + 19 * 3600000::BIGINT + 30 * 60000::BIGINT
      WHEN c.ecu_day > c.day THEN 1735689600000 + c.ecu_day * 86400000::BIGINT + 13 * 3600000::BIGINT
      ELSE 1735689600000 + n.ecu_day * 86400000::BIGINT + 13 * 3600000::BIGINT
    END AS run_t
  FROM ready r
  JOIN vol_day c ON c.day = (r.ready_t - 1735689600000) // 86400000::BIGINT
  LEFT JOIN vol_day n ON n.day = c.day + 1
),
timed AS (
  SELECT
    *,
    vol_sec(run_t + (row_number() OVER (PARTITION BY run_t ORDER BY ready_t, b) - 1)
      * least(45000::BIGINT, 150 * 60000::BIGINT / count(*) OVER (PARTITION BY run_t))) AS asm_t
  FROM placed WHERE run_t IS NOT NULL
),
numbered AS (SELECT *, row_number() OVER (ORDER BY asm_t, b) AS e FROM timed)
SELECT
  n.*,
  p.ecu, p.housing,
  getvariable('vol').unit_urn || 'ECU-' || printf('%06d', (e)::BIGINT) AS ecu_unit,
  asm_t + 3 * 60000::BIGINT AS eol_t,
  vol_operator(101, 12, asm_t, 'asm.operator', e) AS operator,
  getvariable('vol').wo_urn || 'WO-25-' || printf('%04d', (vol_week(asm_t) * 5 + p.idx)::BIGINT) AS work_order,
  CASE WHEN vol_u('eol', e) < getvariable('vol').eol_fail THEN vol_pick('eol', vol_u('eol.code', e)) END AS code
FROM numbered n JOIN vol_ecu_product p USING (product);

-- step: housing draws
INSERT INTO vol_draw
SELECT 'asm', e, asm_t, housing, c1 - 1, c1
FROM (SELECT *, count(*) OVER (PARTITION BY housing ORDER BY asm_t, e) AS c1 FROM vol_ecu);

-- step: housing lots = lots

-- step: housing takes = takes

-- step: doughs
-- Bakery.mixAndProof: a dough lot from the weighed lots (flour takes its water), proofed into a
-- lot of 99.7 % of its weight; lot codes per prefix and month.
CREATE TABLE vol_dough AS
WITH grams AS (
  SELECT k, sum(grams) AS taken, sum(grams) FILTER (WHERE flour) AS flour FROM vol_mix_draw GROUP BY k
),
tainted AS (
  SELECT DISTINCT k FROM vol_take
  WHERE src = 'mix' AND lot_key = (SELECT lot_key FROM vol_planted WHERE what = 'improver')
)
SELECT
  m.*,
  g.taken + round(coalesce(g.flour, 0) * m.water) AS dough_g,
  round((g.taken + round(coalesce(g.flour, 0) * m.water)) * 0.997) AS proofed_g,
  tainted.k IS NOT NULL AS contaminated,
  getvariable('vol').lot_urn || m.p_dough || '-' || vol_yymm(m.mix_t) || '-'
    || printf('%03d', row_number() OVER (PARTITION BY m.p_dough, vol_yymm(m.mix_t) ORDER BY m.mix_t, m.k)) AS dough_lot,
  getvariable('vol').lot_urn || m.p_proofed || '-' || vol_yymm(m.proof_t) || '-'
    || printf('%03d', row_number() OVER (PARTITION BY m.p_proofed, vol_yymm(m.proof_t) ORDER BY m.proof_t, m.k)) AS proofed_lot
FROM vol_mix m
JOIN grams g USING (k)
LEFT JOIN tainted USING (k);

-- step: bakes
-- Bakery.bake: one proofed dough per bake, now and then (8 %) two of the same product blended
-- (simplification: only a dough at an even position of its day takes the next one in); final
-- inspection of a sample of 20 an hour later; the contaminated improver shows up as foreign
-- matter in 35 % of its bakes.
CREATE TABLE vol_bake AS
WITH placed AS (
  SELECT
    *,
    CASE
      WHEN i % 2 = 1 AND lag(material) OVER day_order = material AND vol_u('bake.blend', lag(k) OVER day_order) < 0.08
      THEN lag(k) OVER day_order ELSE k
    END AS bk
  FROM vol_dough
  WINDOW day_order AS (PARTITION BY w ORDER BY i)
),
grouped AS (
  SELECT
    bk, any_value(material) AS material, any_value(idx) AS idx, any_value(p_bread) AS p_bread,
    any_value(piece_kg) AS piece_kg, any_value(case_size) AS case_size, any_value(shelf_days) AS shelf_days,
    any_value(oven_c) AS oven_c, any_value(bake_min) AS bake_min0, any_value(work_order) AS work_order,
    any_value(day) AS day,
    max(proof_t) + 5 * 60000::BIGINT AS start_t, sum(proofed_g) AS grams, bool_or(contaminated) AS contaminated,
    list(proofed_lot ORDER BY k) AS inputs, list(proofed_g ORDER BY k) AS input_g
  FROM placed GROUP BY bk
),
timed AS (
  SELECT
    *,
    round(vol_normal('bake.time', bk, bake_min0, 2), 1) AS bake_time,
    round(vol_normal('bake.oven_c', bk, oven_c, 3), 1) AS oven_temp,
    floor(grams / (piece_kg * 1000)) AS pieces
  FROM grouped
)
SELECT
  *,
  vol_sec(start_t + bake_time * 60000::BIGINT) AS end_t,
  getvariable('vol').lot_urn || p_bread || '-' || vol_yymm(vol_sec(start_t + bake_time * 60000::BIGINT)) || '-'
    || printf('%03d', row_number() OVER (
      PARTITION BY p_bread, vol_yymm(vol_sec(start_t + bake_time * 60000::BIGINT)) ORDER BY start_t, bk)) AS bread_lot,
  getvariable('vol').equipment_urn || 'OVEN-' || ((row_number() OVER (ORDER BY start_t, bk) - 1) % 2 + 1) AS oven,
  vol_operator(1, 9, start_t, 'bake.operator', bk) AS operator,
  vol_operator(1, 9, vol_sec(start_t + bake_time * 60000::BIGINT) + 3600000::BIGINT, 'final.operator', bk) AS qc_operator,
  vol_u('final.foreign', bk) < CASE WHEN contaminated THEN 0.35 ELSE 0.008 END AS foreign_matter,
  vol_u('final.underweight', bk) < 0.015 AS underweight,
  vol_u('final.crust', bk) < 0.06 AS crust,
  vol_u('final.shape', bk) < 0.05 AS shape
FROM timed;

-- step: cases
-- Bakery.packCases: the sample stays out, the rest goes into cases of one lot, 30 s apart.
CREATE TABLE vol_case AS
WITH c0 AS (
  SELECT bk, bread_lot, end_t, case_size, pieces - 20 AS packed, unnest(range(ceil((pieces - 20) / case_size)::BIGINT)) AS c
  FROM vol_bake
  WHERE NOT (foreign_matter OR underweight) AND pieces > 20
),
c1 AS (SELECT *, end_t + 75 * 60000::BIGINT + c * 30000::BIGINT AS t, least(case_size, packed - c * case_size) AS qty FROM c0)
SELECT
  *,
  row_number() OVER (ORDER BY t, bk, c) AS case_n,
  getvariable('vol').container_urn || 'CASE-' || printf('%06d', row_number() OVER (ORDER BY t, bk, c)) AS case_id
FROM c1;

-- step: trays
-- Electronics.packTrays: ECUs that passed EOL, 24 to a tray (a part-filled tray waits).
CREATE TABLE vol_tray AS
WITH ok AS (
  SELECT ecu_unit, product, eol_t, row_number() OVER (PARTITION BY product ORDER BY eol_t, e) - 1 AS q
  FROM vol_ecu WHERE code IS NULL
),
trays AS (
  SELECT product, q // 24 AS tray_no, max(eol_t) + 10 * 60000::BIGINT AS t, list(ecu_unit ORDER BY q) AS ecus, count(*) AS n
  FROM ok GROUP BY product, q // 24
)
SELECT
  *,
  row_number() OVER (ORDER BY t, product) AS tray_n,
  getvariable('vol').container_urn || 'TRAY-' || printf('%06d', row_number() OVER (ORDER BY t, product)) AS tray
FROM trays WHERE n = 24;

-- step: pallets
-- Electronics.ship (Tue/Fri 10:00: 12 trays a pallet, one shipment per product to its next
-- car maker) and Bakery.dispatch (Mon-Sat 10:30: 20 cases a pallet, one shipment per
-- distributor). Simplification: no case is taken off a pallet again.
CREATE TABLE vol_pallet AS
WITH trays AS (
  SELECT t.*, 1735689600000 + c.ship_day * 86400000::BIGINT + 10 * 3600000::BIGINT AS ship_t, c.ship_day AS day
  FROM vol_tray t JOIN vol_day c ON c.day = vol_look(t.t, 10 * 3600000::BIGINT) AND c.ship_day IS NOT NULL
),
cases AS (
  SELECT k.*, 1735689600000 + c.bakery_day * 86400000::BIGINT + 10 * 3600000::BIGINT + 30 * 60000::BIGINT AS ship_t,
    c.bakery_day AS day
  FROM vol_case k
  JOIN vol_day c ON c.day = vol_look(k.t, 10 * 3600000::BIGINT + 30 * 60000::BIGINT) AND c.bakery_day IS NOT NULL
),
ecu_pallets AS (
  SELECT 'ecu' AS plant, product, ship_t, day, q // 12 AS p, list(tray ORDER BY q) AS children
  FROM (SELECT *, row_number() OVER (PARTITION BY ship_t, product ORDER BY t, tray) - 1 AS q FROM trays)
  GROUP BY product, ship_t, day, q // 12
),
bakery_pallets AS (
  SELECT 'bakery' AS plant, NULL AS product, ship_t, day, q // 20 AS p, list(case_id ORDER BY q) AS children
  FROM (SELECT *, row_number() OVER (PARTITION BY ship_t ORDER BY t, case_id) - 1 AS q FROM cases)
  GROUP BY ship_t, day, q // 20
),
pallets AS (
  SELECT *, ship_t + 5 * 60000::BIGINT + p * (CASE WHEN plant = 'ecu' THEN 5 ELSE 4 END) * 60000::BIGINT AS t
  FROM (SELECT * FROM ecu_pallets UNION ALL SELECT * FROM bakery_pallets)
)
SELECT
  *,
  row_number() OVER (ORDER BY t, plant, product) AS pallet_n,
  getvariable('vol').container_urn || 'PAL-' || printf('%06d', row_number() OVER (ORDER BY t, plant, product)) AS pallet,
  CASE
    WHEN plant = 'ecu' THEN dense_rank() OVER (PARTITION BY plant, product ORDER BY ship_t) - 1
    ELSE (day + p) % 7
  END AS customer_turn
FROM pallets;

-- step: shipments
CREATE TABLE vol_shipment AS
WITH s AS (
  SELECT
    p.plant, p.ship_t, cu.party, max(p.t) + 30 * 60000::BIGINT AS t, list(p.pallet ORDER BY p.t) AS pallets
  FROM vol_pallet p
  JOIN vol_customer cu ON cu.plant = p.plant AND cu.product IS NOT DISTINCT FROM p.product AND cu.idx = p.customer_turn % cu.n
  GROUP BY p.plant, p.ship_t, cu.party
)
SELECT
  *,
  row_number() OVER (ORDER BY t, plant, party) AS n,
  getvariable('vol').shipment_urn || 'SH-25-' || printf('%05d', row_number() OVER (ORDER BY t, plant, party)) AS shipment
FROM s;

-- step: event staging
-- One row per event: ek = kind * 1e10 + number (unique, and the key of its random UUID).
CREATE TABLE vol_ev AS
WITH v AS (SELECT unnest(getvariable('vol')))
SELECT
  1e10::BIGINT * 1 + l.lot_no AS ek, l.recv_t AS t, 'ObjectEvent' AS event_type, 'ADD' AS action,
  'receiving' AS biz_step, 'active' AS disposition,
  v.location_urn || CASE WHEN l.plant = 'ecu' THEN 'ECU-RECEIVING' ELSE 'BAKERY-RECEIVING' END AS read_point,
  v.location_urn || CASE WHEN l.plant = 'ecu' THEN 'SITE-ECU' ELSE 'SITE-BAKERY' END AS biz_location,
  NULL AS step, NULL AS equipment, NULL AS operator, NULL AS work_order, NULL AS operation_id, NULL AS shipment_id,
  v.party_urn || l.party AS source_party, NULL AS destination_party, v.material_urn || l.material AS material
FROM vol_lot l, v
UNION ALL
SELECT
  2e10::BIGINT + l.lot_no, l.insp_t, 'ObjectEvent', 'OBSERVE', 'inspecting',
  CASE WHEN l.failed THEN 'non_conformant' ELSE 'conformant' END,
  v.location_urn || CASE WHEN l.plant = 'ecu' THEN 'ECU-QC' ELSE 'BAKERY-QC' END,
  v.location_urn || CASE WHEN l.plant = 'ecu' THEN 'SITE-ECU' ELSE 'SITE-BAKERY' END,
  'incoming_inspection', v.equipment_urn || CASE WHEN l.plant = 'ecu' THEN 'LAB-ECU' ELSE 'LAB-BAKERY' END,
  CASE WHEN l.plant = 'ecu' THEN vol_operator(101, 12, l.insp_t, 'incoming.operator', l.lot_no)
       ELSE vol_operator(1, 9, l.insp_t, 'incoming.operator', l.lot_no) END,
  NULL, NULL, NULL, NULL, NULL, NULL
FROM vol_lot l, v
UNION ALL
SELECT
  3e10::BIGINT + l.lot_no, l.insp_t + 30 * 60000::BIGINT, 'ObjectEvent', 'DELETE', 'destroying', 'destroyed',
  v.location_urn || CASE WHEN l.plant = 'ecu' THEN 'ECU-QC' ELSE 'BAKERY-QC' END,
  v.location_urn || CASE WHEN l.plant = 'ecu' THEN 'SITE-ECU' ELSE 'SITE-BAKERY' END,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM vol_lot l, v WHERE l.failed
UNION ALL
SELECT
  4e10::BIGINT + s.k, s.end_t, 'TransformationEvent', NULL, 'commissioning', NULL,
  v.location_urn || 'LINE-SMT-' || s.line, v.location_urn || 'SITE-ECU', 'smt_reflow',
  v.equipment_urn || 'REFLOW-' || s.line, s.operator, s.work_order, s.op, NULL, NULL, NULL,
  v.material_urn || s.board
FROM vol_smt s, v
UNION ALL
SELECT
  5e10::BIGINT + s.k, s.end_t + 10 * 60000::BIGINT, 'ObjectEvent', 'OBSERVE', 'inspecting', 'conformant',
  v.location_urn || 'LINE-SMT-' || s.line, v.location_urn || 'SITE-ECU', 'aoi',
  v.equipment_urn || 'AOI-' || s.line, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM vol_smt s, v
UNION ALL
SELECT
  6e10::BIGINT + b.b, b.fct_t, 'ObjectEvent', 'OBSERVE', 'inspecting',
  CASE WHEN b.code IS NULL THEN 'conformant' ELSE 'non_conformant' END,
  v.location_urn || 'LINE-TEST', v.location_urn || 'SITE-ECU', 'fct', b.tester, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM vol_board b, v
UNION ALL
SELECT
  7e10::BIGINT + b.b, coalesce(r.retest_t, b.fct_t) + 30 * 60000::BIGINT, 'ObjectEvent', 'DELETE', 'destroying', 'destroyed',
  v.location_urn || 'LINE-TEST', v.location_urn || 'SITE-ECU', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM vol_board b LEFT JOIN vol_rework r USING (b), v
WHERE b.code IS NOT NULL AND (r.b IS NULL OR r.code IS NOT NULL)
UNION ALL
SELECT
  8e10::BIGINT + r.b, r.rework_t, 'TransformationEvent', NULL, 'repairing', NULL,
  v.location_urn || 'LINE-REWORK', v.location_urn || 'SITE-ECU', 'rework', v.equipment_urn || 'REWORK-1',
  r.operator, NULL, v.op_urn || 'RWK-' || printf('%06d', r.n), NULL, NULL, NULL, v.material_urn || r.board
FROM vol_rework r, v
UNION ALL
SELECT
  9e10::BIGINT + r.b, r.retest_t, 'ObjectEvent', 'OBSERVE', 'inspecting',
  CASE WHEN r.code IS NULL THEN 'conformant' ELSE 'non_conformant' END,
  v.location_urn || 'LINE-TEST', v.location_urn || 'SITE-ECU', 'fct_retest', v.equipment_urn || 'FCT-1',
  NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM vol_rework r, v
UNION ALL
SELECT
  10e10::BIGINT + e.e, e.asm_t, 'TransformationEvent', NULL, 'assembling', NULL,
  v.location_urn || 'LINE-ASSY-1', v.location_urn || 'SITE-ECU', 'assembly', v.equipment_urn || 'ASSY-1',
  e.operator, e.work_order, v.op_urn || 'ASM-' || printf('%07d', (e.e)::BIGINT), NULL, NULL, NULL, v.material_urn || e.ecu
FROM vol_ecu e, v
UNION ALL
SELECT
  11e10::BIGINT + e.e, e.eol_t, 'ObjectEvent', 'OBSERVE', 'inspecting',
  CASE WHEN e.code IS NULL THEN 'conformant' ELSE 'non_conformant' END,
  v.location_urn || 'LINE-ASSY-1', v.location_urn || 'SITE-ECU', 'eol_test', v.equipment_urn || 'EOL-1',
  NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM vol_ecu e, v
UNION ALL
SELECT
  12e10::BIGINT + e.e, e.eol_t + 30 * 60000::BIGINT, 'ObjectEvent', 'DELETE', 'destroying', 'destroyed',
  v.location_urn || 'LINE-ASSY-1', v.location_urn || 'SITE-ECU', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM vol_ecu e, v WHERE e.code IS NOT NULL
UNION ALL
SELECT
  13e10::BIGINT + t.tray_n, t.t, 'AggregationEvent', 'ADD', 'packing', NULL,
  v.location_urn || 'ECU-PACKING', v.location_urn || 'SITE-ECU', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM vol_tray t, v
UNION ALL
SELECT
  14e10::BIGINT + p.pallet_n, p.t, 'AggregationEvent', 'ADD', 'packing', NULL,
  v.location_urn || CASE WHEN p.plant = 'ecu' THEN 'ECU-DISPATCH' ELSE 'BAKERY-DISPATCH' END,
  v.location_urn || CASE WHEN p.plant = 'ecu' THEN 'SITE-ECU' ELSE 'SITE-BAKERY' END,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM vol_pallet p, v
UNION ALL
SELECT
  15e10::BIGINT + s.n, s.t, 'ObjectEvent', 'OBSERVE', 'shipping', 'in_transit',
  v.location_urn || CASE WHEN s.plant = 'ecu' THEN 'ECU-DISPATCH' ELSE 'BAKERY-DISPATCH' END,
  v.location_urn || CASE WHEN s.plant = 'ecu' THEN 'SITE-ECU' ELSE 'SITE-BAKERY' END,
  NULL, NULL, NULL, NULL, NULL, s.shipment, NULL, v.party_urn || s.party, NULL
FROM vol_shipment s, v
UNION ALL
SELECT
  20e10::BIGINT + d.k, d.mix_t, 'TransformationEvent', NULL, 'commissioning', NULL,
  v.location_urn || 'LINE-BAKE-1', v.location_urn || 'SITE-BAKERY', 'mixing', d.mixer, d.operator, d.work_order,
  v.op_urn || 'MIX-' || printf('%06d', d.k), NULL, NULL, NULL, v.material_urn || d.dough
FROM vol_dough d, v
UNION ALL
SELECT
  21e10::BIGINT + d.k, d.proof_t, 'TransformationEvent', NULL, 'commissioning', NULL,
  v.location_urn || 'LINE-BAKE-1', v.location_urn || 'SITE-BAKERY', 'proofing', v.equipment_urn || 'PROOFER-1',
  d.proof_operator, d.work_order, v.op_urn || 'PRF-' || printf('%06d', d.k), NULL, NULL, NULL, v.material_urn || d.proofed
FROM vol_dough d, v
UNION ALL
SELECT
  22e10::BIGINT + b.bk, b.end_t, 'TransformationEvent', NULL, 'commissioning', NULL,
  v.location_urn || 'LINE-BAKE-1', v.location_urn || 'SITE-BAKERY', 'baking', b.oven, b.operator, b.work_order,
  v.op_urn || 'BAK-' || printf('%06d', b.bk), NULL, NULL, NULL, v.material_urn || b.material
FROM vol_bake b, v
UNION ALL
SELECT
  23e10::BIGINT + b.bk, b.end_t + 3600000::BIGINT, 'ObjectEvent', 'OBSERVE', 'inspecting',
  CASE WHEN b.foreign_matter OR b.underweight THEN 'non_conformant' ELSE 'conformant' END,
  v.location_urn || 'BAKERY-QC', v.location_urn || 'SITE-BAKERY', 'final_inspection', v.equipment_urn || 'XRAY-1',
  b.qc_operator, NULL, NULL, NULL, NULL, NULL, NULL
FROM vol_bake b, v
UNION ALL
SELECT
  24e10::BIGINT + b.bk, b.end_t + 90 * 60000::BIGINT, 'ObjectEvent', 'DELETE', 'destroying', 'destroyed',
  v.location_urn || 'BAKERY-QC', v.location_urn || 'SITE-BAKERY', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM vol_bake b, v WHERE b.foreign_matter OR b.underweight
UNION ALL
SELECT
  25e10::BIGINT + c.case_n, c.t, 'AggregationEvent', 'ADD', 'packing', NULL,
  v.location_urn || 'BAKERY-PACKING', v.location_urn || 'SITE-BAKERY', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM vol_case c, v;

-- step: object staging
-- The objects of each event (the projector's event_objects roles), by event key.
CREATE TABLE vol_obj AS
SELECT 1e10::BIGINT + lot_no AS ek, 'object' AS role, lot_key AS object_id, 'lot' AS kind, lot_size / base AS quantity, uom
FROM vol_lot
UNION ALL SELECT 2e10::BIGINT + lot_no, 'object', lot_key, 'lot', NULL, NULL FROM vol_lot
UNION ALL SELECT 3e10::BIGINT + lot_no, 'object', lot_key, 'lot', lot_size / base, uom FROM vol_lot WHERE failed
UNION ALL SELECT 4e10::BIGINT + k, 'input', lot_key, 'lot', amount / base, uom FROM vol_take WHERE src = 'smt'
UNION ALL SELECT 4e10::BIGINT + k, 'output', unit, 'unit', NULL, NULL FROM vol_board
UNION ALL SELECT 5e10::BIGINT + k, 'object', unit, 'unit', NULL, NULL FROM vol_board
UNION ALL SELECT 6e10::BIGINT + b, 'object', unit, 'unit', NULL, NULL FROM vol_board
UNION ALL
SELECT 7e10::BIGINT + b.b, 'object', b.unit, 'unit', NULL, NULL
FROM vol_board b LEFT JOIN vol_rework r USING (b)
WHERE b.code IS NOT NULL AND (r.b IS NULL OR r.code IS NOT NULL)
UNION ALL SELECT 8e10::BIGINT + b, 'input', unit, 'unit', NULL, NULL FROM vol_rework
UNION ALL SELECT 8e10::BIGINT + b, 'input', cap_lot, 'lot', 2, 'H87' FROM vol_rework
UNION ALL SELECT 8e10::BIGINT + b, 'output', unit, 'unit', NULL, NULL FROM vol_rework
UNION ALL SELECT 9e10::BIGINT + b, 'object', unit, 'unit', NULL, NULL FROM vol_rework
UNION ALL SELECT 10e10::BIGINT + e, 'input', unit, 'unit', NULL, NULL FROM vol_ecu
UNION ALL SELECT 10e10::BIGINT + k, 'input', lot_key, 'lot', amount / base, uom FROM vol_take WHERE src = 'asm'
UNION ALL SELECT 10e10::BIGINT + e, 'output', ecu_unit, 'unit', NULL, NULL FROM vol_ecu
UNION ALL SELECT 11e10::BIGINT + e, 'object', ecu_unit, 'unit', NULL, NULL FROM vol_ecu
UNION ALL SELECT 12e10::BIGINT + e, 'object', ecu_unit, 'unit', NULL, NULL FROM vol_ecu WHERE code IS NOT NULL
UNION ALL SELECT 13e10::BIGINT + tray_n, 'parent', tray, 'container', NULL, NULL FROM vol_tray
UNION ALL SELECT 13e10::BIGINT + tray_n, 'child', unnest(ecus), 'unit', NULL, NULL FROM vol_tray
UNION ALL SELECT 14e10::BIGINT + pallet_n, 'parent', pallet, 'container', NULL, NULL FROM vol_pallet
UNION ALL SELECT 14e10::BIGINT + pallet_n, 'child', unnest(children), 'container', NULL, NULL FROM vol_pallet
UNION ALL SELECT 15e10::BIGINT + n, 'object', unnest(pallets), 'container', NULL, NULL FROM vol_shipment
UNION ALL SELECT 20e10::BIGINT + k, 'input', lot_key, 'lot', amount / base, uom FROM vol_take WHERE src = 'mix'
UNION ALL SELECT 20e10::BIGINT + k, 'output', dough_lot, 'lot', dough_g / 1000, 'KGM' FROM vol_dough
UNION ALL SELECT 21e10::BIGINT + k, 'input', dough_lot, 'lot', dough_g / 1000, 'KGM' FROM vol_dough
UNION ALL SELECT 21e10::BIGINT + k, 'output', proofed_lot, 'lot', proofed_g / 1000, 'KGM' FROM vol_dough
UNION ALL
SELECT 22e10::BIGINT + bk, 'input', unnest(inputs), 'lot', unnest(input_g) / 1000, 'KGM' FROM vol_bake
UNION ALL SELECT 22e10::BIGINT + bk, 'output', bread_lot, 'lot', pieces, 'H87' FROM vol_bake
UNION ALL SELECT 23e10::BIGINT + bk, 'object', bread_lot, 'lot', NULL, NULL FROM vol_bake
UNION ALL
SELECT 24e10::BIGINT + bk, 'object', bread_lot, 'lot', pieces, 'H87' FROM vol_bake WHERE foreign_matter OR underweight
UNION ALL SELECT 25e10::BIGINT + case_n, 'parent', case_id, 'container', NULL, NULL FROM vol_case
UNION ALL SELECT 25e10::BIGINT + case_n, 'child', bread_lot, 'lot', qty, 'H87' FROM vol_case;

-- step: defect staging
-- Defects as found (one per inspected object, as the projector writes them), by event key.
CREATE TABLE vol_def AS
SELECT 2e10::BIGINT + lot_no AS ek, lot_key AS object_id, fail_defect AS code, fail_qty AS quantity, 'major' AS severity
FROM vol_lot WHERE failed
UNION ALL
SELECT 2e10::BIGINT + lot_no, lot_key, vol_pick('packaging', 0), 1, 'minor' FROM vol_lot WHERE packaging
UNION ALL
-- Electronics.aoi: 15 % of panels show one minor finding (1-2), on every board of the panel
SELECT 5e10::BIGINT + k, unit, vol_pick('aoi', vol_u('aoi.code', k)), vol_int('aoi.qty', k, 1, 2), 'minor'
FROM vol_board WHERE vol_u('aoi', k) < 0.15
UNION ALL SELECT 6e10::BIGINT + b, unit, code, 1, 'major' FROM vol_board WHERE code IS NOT NULL
UNION ALL SELECT 9e10::BIGINT + b, unit, code, 1, 'major' FROM vol_rework WHERE code IS NOT NULL
UNION ALL SELECT 11e10::BIGINT + e, ecu_unit, code, 1, 'major' FROM vol_ecu WHERE code IS NOT NULL
UNION ALL
-- Bakery.finalInspection
SELECT 23e10::BIGINT + bk, bread_lot, vol_pick('bake_foreign', 0), vol_int('final.foreign.qty', bk, 1, 2), 'critical'
FROM vol_bake WHERE foreign_matter
UNION ALL
SELECT 23e10::BIGINT + bk, bread_lot, vol_pick('bake_underweight', 0), vol_int('final.underweight.qty', bk, 1, 3), 'major'
FROM vol_bake WHERE underweight
UNION ALL
SELECT 23e10::BIGINT + bk, bread_lot, vol_pick('bake_crust', 0), vol_int('final.crust.qty', bk, 1, 3), 'minor'
FROM vol_bake WHERE crust
UNION ALL
SELECT 23e10::BIGINT + bk, bread_lot, vol_pick('bake_shape', 0), vol_int('final.shape.qty', bk, 1, 2), 'minor'
FROM vol_bake WHERE shape;

-- step: inspection staging
-- One row per inspected object; the defective quantity is the sum of its defects (inspectionEvent).
CREATE TABLE vol_insp AS
WITH found AS (SELECT ek, object_id, sum(quantity) AS defective FROM vol_def GROUP BY ek, object_id),
i AS (
  SELECT
    2e10::BIGINT + lot_no AS ek, insp_t AS t, lot_key AS object_id, 'incoming' AS kind,
    CASE WHEN failed THEN 'fail' ELSE 'pass' END AS result, sample_size, 'incoming_inspection' AS step,
    getvariable('vol').equipment_urn || CASE WHEN plant = 'ecu' THEN 'LAB-ECU' ELSE 'LAB-BAKERY' END AS equipment
  FROM vol_lot
  UNION ALL
  SELECT 5e10::BIGINT + b.k, s.end_t + 10 * 60000::BIGINT, b.unit, 'aoi', 'pass', s.size, 'aoi',
    getvariable('vol').equipment_urn || 'AOI-' || s.line
  FROM vol_board b JOIN vol_smt s USING (k)
  UNION ALL
  SELECT 6e10::BIGINT + b, fct_t, unit, 'fct', CASE WHEN code IS NULL THEN 'pass' ELSE 'fail' END, 1, 'fct', tester
  FROM vol_board
  UNION ALL
  SELECT 9e10::BIGINT + b, retest_t, unit, 'fct', CASE WHEN code IS NULL THEN 'pass' ELSE 'fail' END, 1, 'fct_retest',
    getvariable('vol').equipment_urn || 'FCT-1'
  FROM vol_rework
  UNION ALL
  SELECT 11e10::BIGINT + e, eol_t, ecu_unit, 'final', CASE WHEN code IS NULL THEN 'pass' ELSE 'fail' END, 1, 'eol_test',
    getvariable('vol').equipment_urn || 'EOL-1'
  FROM vol_ecu
  UNION ALL
  SELECT 23e10::BIGINT + bk, end_t + 3600000::BIGINT, bread_lot, 'final',
    CASE WHEN foreign_matter OR underweight THEN 'fail' ELSE 'pass' END, 20, 'final_inspection',
    getvariable('vol').equipment_urn || 'XRAY-1'
  FROM vol_bake
)
SELECT i.ek, i.t, i.object_id, i.kind, i.result, i.sample_size, coalesce(f.defective, 0) AS defective, i.step, i.equipment
FROM i LEFT JOIN found f USING (ek, object_id);

-- step: reading staging
-- The sensorReport of each operation (Electronics.smtBatch, Bakery.mixAndProof/bake).
CREATE TABLE vol_read AS
SELECT 4e10::BIGINT + k AS ek, end_t AS t, op, 'peakTemperature' AS parameter, 'gs1:Temperature' AS type, peak AS value, 'CEL' AS uom FROM vol_smt
UNION ALL SELECT 4e10::BIGINT + k, end_t, op, 'timeAboveLiquidus', 'gs1:Time', tal, 'SEC' FROM vol_smt
UNION ALL SELECT 4e10::BIGINT + k, end_t, op, 'conveyorSpeed', 'gs1:Speed', conveyor, '2X' FROM vol_smt
UNION ALL
SELECT 20e10::BIGINT + k, mix_t, getvariable('vol').op_urn || 'MIX-' || printf('%06d', k), 'mixTime', 'gs1:Time', mix_min, 'MIN'
FROM vol_mix
UNION ALL
SELECT 20e10::BIGINT + k, mix_t, getvariable('vol').op_urn || 'MIX-' || printf('%06d', k), 'doughTemperature', 'gs1:Temperature', dough_temp, 'CEL'
FROM vol_mix
UNION ALL
SELECT 21e10::BIGINT + k, proof_t, getvariable('vol').op_urn || 'PRF-' || printf('%06d', k), 'proofTime', 'gs1:Time', proof_time, 'MIN'
FROM vol_mix
UNION ALL
SELECT 21e10::BIGINT + k, proof_t, getvariable('vol').op_urn || 'PRF-' || printf('%06d', k), 'humidity', 'gs1:RelativeHumidity', humidity, 'P1'
FROM vol_mix
UNION ALL
SELECT 22e10::BIGINT + bk, end_t, getvariable('vol').op_urn || 'BAK-' || printf('%06d', bk), 'ovenTemperature', 'gs1:Temperature', oven_temp, 'CEL'
FROM vol_bake
UNION ALL
SELECT 22e10::BIGINT + bk, end_t, getvariable('vol').op_urn || 'BAK-' || printf('%06d', bk), 'bakeTime', 'gs1:Time', bake_time, 'MIN'
FROM vol_bake;

-- step: event ids
-- Log positions in time order (ties by event key), after the master data; random UUIDs.
CREATE TABLE vol_id AS
SELECT ek, getvariable('vol').first_seq - 1 + row_number() OVER (ORDER BY t, ek) AS seq, vol_uuid(ek) AS event_id
FROM vol_ev;

-- step: events
INSERT INTO events
SELECT
  i.seq, i.event_id, e.event_type, e.action, e.biz_step, e.disposition, make_timestamp(e.t * 1000)::TIMESTAMPTZ,
  e.read_point, e.biz_location, e.step, e.equipment, e.operator, e.work_order, e.operation_id, e.shipment_id,
  e.source_party, e.destination_party
FROM vol_ev e JOIN vol_id i USING (ek)
ORDER BY i.seq;

-- step: event log
-- The log entry of each event, with a body reduced to what the analytics read from the log
-- (type, id, time, business step, ILMD material, lg:step); see bench/README.md.
INSERT INTO event_log
SELECT
  i.seq, i.event_id, 'event', e.event_type, make_timestamp(e.t * 1000)::TIMESTAMPTZ,
  make_timestamp(e.t * 1000)::TIMESTAMPTZ, 'bench',
  json_object(
    'type', e.event_type, 'eventID', i.event_id,
    'eventTime', strftime(make_timestamp(e.t * 1000), '%Y-%m-%dT%H:%M:%SZ'), 'eventTimeZoneOffset', '+00:00',
    'action', e.action, 'bizStep', e.biz_step,
    'ilmd', CASE WHEN e.material IS NOT NULL THEN json_object('lg:material', e.material) END,
    'lg:step', e.step
  )
FROM vol_ev e JOIN vol_id i USING (ek)
ORDER BY i.seq;

-- step: event objects
INSERT INTO event_objects
SELECT i.event_id, o.role, o.object_id, o.object_id, o.kind, o.quantity, o.uom, i.seq
FROM vol_obj o JOIN vol_id i USING (ek)
ORDER BY i.seq;

-- step: sensor readings
INSERT INTO sensor_readings
SELECT i.event_id, r.op, r.parameter, r.type, r.value, NULL, r.uom, make_timestamp(r.t * 1000)::TIMESTAMPTZ, i.seq
FROM vol_read r JOIN vol_id i USING (ek)
ORDER BY i.seq;

-- step: inspections
INSERT INTO inspections
SELECT
  i.event_id, s.object_id, s.object_id, s.kind, s.result, s.sample_size, s.defective,
  make_timestamp(s.t * 1000)::TIMESTAMPTZ, s.step, s.equipment, i.seq
FROM vol_insp s JOIN vol_id i USING (ek)
ORDER BY i.seq;

-- step: defects
INSERT INTO defects
SELECT i.event_id, d.object_id, d.code, d.quantity, d.severity, i.seq
FROM vol_def d JOIN vol_id i USING (ek)
ORDER BY i.seq;

-- step: planted lots
SELECT what, lot_key FROM vol_planted ORDER BY what;

-- step: drop vol_day
DROP TABLE vol_day;

-- step: drop vol_smt
DROP TABLE vol_smt;

-- step: drop vol_mix
DROP TABLE vol_mix;

-- step: drop vol_mix_draw
DROP TABLE vol_mix_draw;

-- step: drop vol_draw
DROP TABLE vol_draw;

-- step: drop vol_lot
DROP TABLE vol_lot;

-- step: drop vol_planted
DROP TABLE vol_planted;

-- step: drop vol_take
DROP TABLE vol_take;

-- step: drop vol_board
DROP TABLE vol_board;

-- step: drop vol_rework
DROP TABLE vol_rework;

-- step: drop vol_ecu
DROP TABLE vol_ecu;

-- step: drop vol_dough
DROP TABLE vol_dough;

-- step: drop vol_bake
DROP TABLE vol_bake;

-- step: drop vol_case
DROP TABLE vol_case;

-- step: drop vol_tray
DROP TABLE vol_tray;

-- step: drop vol_pallet
DROP TABLE vol_pallet;

-- step: drop vol_shipment
DROP TABLE vol_shipment;

-- step: drop vol_ev
DROP TABLE vol_ev;

-- step: drop vol_obj
DROP TABLE vol_obj;

-- step: drop vol_def
DROP TABLE vol_def;

-- step: drop vol_insp
DROP TABLE vol_insp;

-- step: drop vol_read
DROP TABLE vol_read;

-- step: drop vol_id
DROP TABLE vol_id;

-- step: drop vol_settings
DROP TABLE vol_settings;

-- step: drop vol_raw
DROP TABLE vol_raw;

-- step: drop vol_supplier
DROP TABLE vol_supplier;

-- step: drop vol_ecu_product
DROP TABLE vol_ecu_product;

-- step: drop vol_customer
DROP TABLE vol_customer;

-- step: drop vol_bread
DROP TABLE vol_bread;

-- step: drop vol_recipe
DROP TABLE vol_recipe;

-- step: drop vol_reflow
DROP TABLE vol_reflow;

-- step: drop vol_code
DROP TABLE vol_code;

-- step: drop vol_bom
DROP TABLE vol_bom;
