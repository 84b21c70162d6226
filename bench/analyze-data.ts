/**
 * Generates the analysis benchmark's workspace in SQL: N customers acquired over two years through
 * five channels, M transactions (about two lines per order, 2 % refunded, a cost of goods on
 * each) spread between each customer's acquisition and a customer-specific last active day, and
 * monthly acquisition costs per channel.
 *
 *   npx tsx bench/analyze-data.ts DIR customers transactions
 */
import { initWorkspace } from '../src/workspace/index.js';

const [dir, n, m] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const ws = await initWorkspace(dir, { currency: 'CNY', timeZone: 'Asia/Shanghai' });
const t0 = performance.now();
const start = `TIMESTAMPTZ '2023-01-01 00:00:00+08'`;
await ws.db.run(`
  INSERT INTO customers (customer_id, gender, region, acquired_at, acquisition_channel)
  SELECT 'C' || lpad(CAST(i AS VARCHAR), 7, '0'), ['female', 'male'][1 + i % 2],
    ['华东', '华北', '华南', '西南', '西北'][1 + CAST(hash(i) % 5 AS INTEGER)],
    ${start} + to_days(CAST(hash(i * 3) % 700 AS INTEGER)),
    ['app', 'web', 'store', 'referral', 'paid_search'][1 + CAST(hash(i * 5) % 5 AS INTEGER)]
  FROM range(${n}) t(i)`);
await ws.db.run(`
  INSERT INTO transactions (txn_id, customer_id, order_id, occurred_at, amount, cost, channel, status)
  SELECT 'T' || k, 'C' || lpad(CAST(c AS VARCHAR), 7, '0'), 'O' || (k // 2),
    ${start} + to_days(CAST(a + hash(k * 7) % life AS INTEGER)) + to_seconds(CAST(hash(k * 11) % 86400 AS BIGINT)),
    round(5 + (hash(k * 13) % 20000) / 100.0, 2), round((5 + (hash(k * 13) % 20000) / 100.0) * 0.6, 2),
    ['app', 'web', 'store'][1 + CAST(k % 3 AS INTEGER)],
    CASE WHEN hash(k * 17) % 50 = 0 THEN 'refunded' ELSE 'completed' END
  FROM (SELECT k, c, a, 1 + hash(c * 19) % (730 - a) AS life
        FROM (SELECT k, hash(k) % ${n} AS c, hash((hash(k) % ${n}) * 3) % 700 AS a FROM range(${m}) t(k)) x) y`);
await ws.db.run(`
  INSERT INTO costs (cost_id, occurred_at, kind, amount, channel)
  SELECT 'K' || ch || '-' || mo, ${start} + to_months(CAST(mo AS INTEGER)), 'acquisition',
    (10000 + hash(ch || mo) % 90000) / 10.0, ch
  FROM (SELECT unnest(['app', 'web', 'store', 'referral', 'paid_search']) AS ch) c, range(24) r(mo)`);
const [{ t }] = await ws.db.query<{ t: number }>('SELECT count(*)::BIGINT AS t FROM transactions');
await ws.close();
console.log(
  `generated ${n} customers and ${t} transactions in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${dir}`,
);
