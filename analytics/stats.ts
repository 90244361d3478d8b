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
  const logP = (x: number) =>
    logFactorial(row1) +
    logFactorial(n - row1) +
    logFactorial(col1) +
    logFactorial(n - col1) -
    logFactorial(n) -
    logFactorial(x) -
    logFactorial(row1 - x) -
    logFactorial(col1 - x) -
    logFactorial(n - row1 - col1 + x);
  const observed = logP(a);
  let p = 0;
  const lo = Math.max(0, row1 + col1 - n);
  const hi = Math.min(row1, col1);
  for (let x = lo; x <= hi; x++) {
    const lp = logP(x);
    // relative tolerance, as R's fisher.test does, so ties in probability count
    if (lp <= observed + 1e-7) p += Math.exp(lp);
  }
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
