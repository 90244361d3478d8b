// Small, exact statistics the yield analysis needs. Pure functions.

/** ln(n!) by summing logs, cached: exact enough for the counts a plant has. */
const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}

/**
 * Two-sided Fisher exact test for a 2x2 table [[a, b], [c, d]]: the probability, with the
 * margins fixed, of a table at most as likely as the one observed.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  const base =
    logFactorial(row1) +
    logFactorial(n - row1) +
    logFactorial(col1) +
    logFactorial(n - col1) -
    logFactorial(n);
  const logP = (x: number) =>
    base -
    logFactorial(x) -
    logFactorial(row1 - x) -
    logFactorial(col1 - x) -
    logFactorial(n - row1 - col1 + x);
  // relative tolerance, as R's fisher.test does, so ties in probability count
  const cut = logP(a) + 1e-7;
  const lo = Math.max(0, row1 + col1 - n);
  const hi = Math.min(row1, col1);
  // The hypergeometric is unimodal: the tables at most as likely as the observed one are two
  // tails, [lo, left] and [right, hi]. Each is summed outward from its inner end until the terms
  // no longer change the sum (they fall geometrically), instead of over the whole support.
  const mode = Math.min(hi, Math.max(lo, Math.floor(((row1 + 1) * (col1 + 1)) / (n + 2))));
  const rest = n - row1 - col1;
  const sumFrom = (start: number, step: 1 | -1, end: number) => {
    if (start < lo || start > hi) return 0;
    // consecutive terms by their ratio: one exp per tail
    let t = Math.exp(logP(start));
    let p = t;
    for (let x = start; t > 0 && t > p * 1e-17 && x !== end; x += step) {
      t *=
        step > 0
          ? ((row1 - x) * (col1 - x)) / ((x + 1) * (rest + x + 1))
          : (x * (rest + x)) / ((row1 - x + 1) * (col1 - x + 1));
      p += t;
    }
    return p;
  };
  if (logP(mode) <= cut) return Math.min(1, sumFrom(mode, -1, lo) + sumFrom(mode + 1, 1, hi));
  // the last x before the mode with logP(x) <= cut, and the first one after it: logP rises up to
  // the mode and falls after it, so search outward from the mode in doubling steps, then halve
  const edge = (dir: 1 | -1, end: number) => {
    if (logP(end) > cut) return end + dir;
    let inside = mode; // logP > cut
    let step = 1;
    let out = mode + dir;
    while (dir > 0 ? out < end : out > end) {
      if (logP(out) <= cut) break;
      inside = out;
      step *= 2;
      out = dir > 0 ? Math.min(end, mode + step) : Math.max(end, mode - step);
    }
    while (Math.abs(out - inside) > 1) {
      const m = Math.floor((inside + out) / 2);
      if (logP(m) <= cut) out = m;
      else inside = m;
    }
    return out;
  };
  const left = edge(-1, lo);
  const right = edge(1, hi);
  const p = (left >= lo ? sumFrom(left, -1, lo) : 0) + (right <= hi ? sumFrom(right, 1, hi) : 0);
  return Math.min(1, p);
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
