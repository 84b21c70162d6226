/**
 * The series behind Pareto/NBD's death term: G = ₂F₁(a, b; a+1; z) with its derivatives, through
 * Euler's transformation. Its terms depend on the customer only through x (and on r and s), so
 * their ratios and running digamma sums are kept per distinct x while the parameters stay the
 * same — within one likelihood evaluation, every customer with the same x and both ends of the
 * integral share them, and a term costs multiplications instead of three divisions.
 */

/** ln G and ∂ln G/∂(a, b, z) for G = ₂F₁(a, b; a+1; z), 0 ≤ z < 1. */
export interface Series {
  logG: number;
  dA: number;
  dB: number;
  dZ: number;
}

const seriesOut: Series = { logG: 0, dA: 0, dB: 0, dZ: 0 };
const MAX_TERMS = 200_000;

/** The first `n` terms of one (e, c): ratio[j−1] = (e+j−1)/(c+j−1) and the running Σ 1/(e+k), Σ 1/(c+k). */
interface TermTable {
  e: number;
  c: number;
  n: number;
  ratio: Float64Array;
  psiE: Float64Array;
  psiC: Float64Array;
}

/** Most terms kept per table (enough for any series the closed form is used for: 1 − z ≥ 0.1). */
const TABLE_TERMS = 512;
/** Terms a table starts with; it doubles when a series needs more. */
const FIRST_TERMS = 64;
/** Tables kept at once; all are dropped beyond (old parameter vectors' tables go that way). */
const MAX_TABLES = 2048;

/** Tables by c (c = r+s+x+1 differs between the x of one parameter vector). */
const tables = new Map<number, TermTable>();

/** (e, c)'s table with at least `n` terms (at most TABLE_TERMS). */
function tableFor(e: number, c: number, n: number): TermTable {
  let t = tables.get(c);
  if (!t || t.e !== e) {
    if (tables.size >= MAX_TABLES) tables.clear();
    t = { e, c, n: 0, ratio: new Float64Array(0), psiE: new Float64Array(0), psiC: new Float64Array(0) };
    tables.set(c, t);
  }
  if (t.n >= n) return t;
  const size = Math.min(TABLE_TERMS, Math.max(n, 2 * t.n));
  const ratio = new Float64Array(size);
  const psiE = new Float64Array(size);
  const psiC = new Float64Array(size);
  ratio.set(t.ratio);
  psiE.set(t.psiE);
  psiC.set(t.psiC);
  let pe = t.n > 0 ? t.psiE[t.n - 1] : 0;
  let pc = t.n > 0 ? t.psiC[t.n - 1] : 0;
  for (let j = t.n + 1; j <= size; j++) {
    pe += 1 / (e + (j - 1));
    pc += 1 / (c + (j - 1));
    ratio[j - 1] = (e + (j - 1)) / (c + (j - 1));
    psiE[j - 1] = pe;
    psiC[j - 1] = pc;
  }
  Object.assign(t, { n: size, ratio, psiE, psiC });
  return t;
}

/**
 * G = ₂F₁(a, b; a+1; z) through Euler's transformation G = (1−z)^(1−b) · H with
 * H = ₂F₁(1, e; c; z) = Σ_j (e)_j/(c)_j z^j, e = a+1−b, c = a+1. Every term ratio
 * z(e+j)/(c+j) is below z, so the sum needs about ln(10⁻¹⁷)/ln z terms whatever a and b are —
 * the plain series needs about b·z/(1−z), which for a customer with x = 2,000,000 (b = r + x) is
 * millions. `log1mz` is ln(1−z), passed in exactly (it is a difference of logs at the call).
 */
export function hypSeries(a: number, b: number, z: number, log1mz: number): Series {
  const e = a + 1 - b;
  const c = a + 1;
  let term = 1;
  let sum = 1;
  let sE = 0;
  let sC = 0;
  let sZ = 0;
  let psiE = 0;
  let psiC = 0;
  if (z > 0) {
    const tailFactor = z * Math.exp(-log1mz);
    let j = 1;
    // The first terms from the (e, c) table (the same numbers as below, computed once).
    let t = tableFor(e, c, FIRST_TERMS);
    for (;;) {
      const { ratio, psiE: pE, psiC: pC, n } = t;
      for (; j <= n; j++) {
        term *= ratio[j - 1] * z;
        sum += term;
        sE += term * pE[j - 1];
        sC += term * pC[j - 1];
        sZ += term * j;
        if (term * tailFactor < sum * 1e-17) break;
      }
      if (j <= n) {
        j = -1;
        break;
      }
      if (n >= TABLE_TERMS) {
        psiE = pE[n - 1];
        psiC = pC[n - 1];
        break;
      }
      t = tableFor(e, c, 2 * n);
    }
    if (j > 0) {
      for (; j < MAX_TERMS; j++) {
        psiE += 1 / (e + (j - 1));
        psiC += 1 / (c + (j - 1));
        term *= ((e + (j - 1)) / (c + (j - 1))) * z;
        sum += term;
        sE += term * psiE;
        sC += term * psiC;
        sZ += term * j;
        // The remaining terms are below term·z/(1−z) (each ratio is below z).
        if (term * tailFactor < sum * 1e-17) break;
      }
      if (j === MAX_TERMS) {
        // z within ~1e-5 of 1: parameters far outside any plausible optimum. NaN makes the
        // optimiser's line search step back instead of spending minutes here.
        seriesOut.logG = seriesOut.dA = seriesOut.dB = seriesOut.dZ = Number.NaN;
        return seriesOut;
      }
    }
  }
  const dE = sE / sum;
  const dC = -sC / sum;
  seriesOut.logG = (1 - b) * log1mz + Math.log(sum);
  seriesOut.dA = dE + dC;
  seriesOut.dB = -log1mz - dE;
  seriesOut.dZ = (b - 1) * Math.exp(-log1mz) + (z > 0 ? sZ / sum / z : e / c);
  return seriesOut;
}
