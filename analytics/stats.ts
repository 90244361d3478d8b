// Small, exact statistics the yield analysis needs. Pure functions.

/** ln(n!) by summing logs, cached: exact enough for the counts a plant has. */
const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}

// The table being tested, kept here so the helpers below are plain functions: the yield factors
// run tens of thousands of tests per call, and closures per test cost more than the arithmetic.
let tBase = 0;
let tRow1 = 0;
let tCol1 = 0;
let tRest = 0;
let tCut = 0;
let tLo = 0;
let tHi = 0;
let tMode = 0;

/** ln P(X = x) for the table's hypergeometric (every index is within the cached factorials). */
function logP(x: number): number {
  const lf = logFactorials;
  return tBase - lf[x]! - lf[tRow1 - x]! - lf[tCol1 - x]! - lf[tRest + x]!;
}

/** Sums the terms from `start` outward (step ±1) until they no longer change the sum, or `end`. */
function sumFrom(start: number, step: 1 | -1, end: number): number {
  if (start < tLo || start > tHi) return 0;
  // consecutive terms by their ratio: one exp per tail
  let t = Math.exp(logP(start));
  let p = t;
  for (let x = start; t > 0 && t > p * 1e-17 && x !== end; x += step) {
    t *=
      step > 0
        ? ((tRow1 - x) * (tCol1 - x)) / ((x + 1) * (tRest + x + 1))
        : (x * (tRest + x)) / ((tRow1 - x + 1) * (tCol1 - x + 1));
    p += t;
  }
  return p;
}

/**
 * The first x beyond the mode (direction `dir`, up to `end`) with logP(x) <= cut: logP rises up
 * to the mode and falls after it, so search outward in doubling steps, then halve.
 */
function edge(dir: 1 | -1, end: number): number {
  if (logP(end) > tCut) return end + dir;
  let inside = tMode; // logP > cut
  let step = 1;
  let out = tMode + dir;
  while (dir > 0 ? out < end : out > end) {
    if (logP(out) <= tCut) break;
    inside = out;
    step *= 2;
    out = dir > 0 ? Math.min(end, tMode + step) : Math.max(end, tMode - step);
  }
  while (Math.abs(out - inside) > 1) {
    const m = Math.floor((inside + out) / 2);
    if (logP(m) <= tCut) out = m;
    else inside = m;
  }
  return out;
}

/**
 * Two-sided Fisher exact test for a 2x2 table [[a, b], [c, d]]: the probability, with the
 * margins fixed, of a table at most as likely as the one observed.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  tBase =
    logFactorial(row1) +
    logFactorial(n - row1) +
    logFactorial(col1) +
    logFactorial(n - col1) -
    logFactorial(n);
  tRow1 = row1;
  tCol1 = col1;
  tRest = n - row1 - col1;
  // relative tolerance, as R's fisher.test does, so ties in probability count
  tCut = logP(a) + 1e-7;
  tLo = Math.max(0, row1 + col1 - n);
  tHi = Math.min(row1, col1);
  // The hypergeometric is unimodal: the tables at most as likely as the observed one are two
  // tails, [lo, left] and [right, hi]. Each is summed outward from its inner end until the terms
  // no longer change the sum (they fall geometrically), instead of over the whole support.
  tMode = Math.min(tHi, Math.max(tLo, Math.floor(((row1 + 1) * (col1 + 1)) / (n + 2))));
  if (logP(tMode) <= tCut) return Math.min(1, sumFrom(tMode, -1, tLo) + sumFrom(tMode + 1, 1, tHi));
  const left = edge(-1, tLo);
  const right = edge(1, tHi);
  const p = (left >= tLo ? sumFrom(left, -1, tLo) : 0) + (right <= tHi ? sumFrom(right, 1, tHi) : 0);
  return Math.min(1, p);
}

/**
 * The probability of the observed 2x2 table itself, with the margins fixed: fisherExact sums it
 * with the tables no more likely, so it bounds the two-sided p from below, for five lookups.
 */
export function fisherTableProbability(a: number, b: number, c: number, d: number): number {
  const n = a + b + c + d;
  return Math.exp(
    logFactorial(a + b) +
      logFactorial(c + d) +
      logFactorial(a + c) +
      logFactorial(b + d) -
      logFactorial(n) -
      logFactorial(a) -
      logFactorial(b) -
      logFactorial(c) -
      logFactorial(d),
  );
}

/** Benjamini–Hochberg adjusted p-values (false discovery rate), in the input order. */
export function benjaminiHochberg(pValues: number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const [p, i] = order[k]!;
    running = Math.min(running, (p * m) / (k + 1));
    adjusted[i] = running;
  }
  return adjusted;
}

/** Wilson score interval of a proportion (95 % by default). */
export function wilson(successes: number, n: number, z = 1.959964): { lo: number; hi: number } {
  if (n === 0) return { lo: 0, hi: 1 };
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}
