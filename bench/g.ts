import { fitGGomNbd, ggomnbdExpectedPurchases, ggomnbdLogLikelihood } from '../src/models/btyd/ggomnbd.js';
import { pnbdExpectedPurchases, pnbdLogLikelihood } from '../src/models/btyd/pnbd.js';
import { prepareBtyd } from '../src/models/btyd/summary.js';
import { cdnowSample } from '../src/models/test-support/data.js';

const s = cdnowSample();
const d = prepareBtyd(s);
console.log('published', ggomnbdLogLikelihood(d, [0.553, 10.578, 0.0002, 0.603, 0.0026]));
// b→0 limit must equal Pareto with beta_P = beta/b
const b = 1e-7,
  bp = 11.67;
console.log(
  'limit',
  ggomnbdLogLikelihood(d, [0.5533, 10.578, b, 0.6063, b * bp]),
  pnbdLogLikelihood(d, new Float64Array([0.5533, 10.578, 0.6063, bp])),
);
console.log(
  ggomnbdExpectedPurchases({ r: 0.5533, alpha: 10.578, b, s: 0.6063, beta: b * bp }, 20),
  pnbdExpectedPurchases({ r: 0.5533, alpha: 10.578, s: 0.6063, beta: bp }, 20),
);
const t0 = performance.now();
const f = fitGGomNbd(s);
console.log(f, performance.now() - t0);
