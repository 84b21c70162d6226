/**
 * Generates the analysis benchmark's workspace in SQL: N customers acquired over two years through
 * five channels (with gender, region, birth date and occupation), M transactions (about two lines
 * per order, 2 % refunded, a cost of goods on each) spread between each customer's acquisition and
 * a customer-specific last active day, and monthly acquisition costs per channel; and, so that every
 * analysis has work to do, per customer about 3 behaviour events, 0.3 feedback items (NPS, CSAT by
 * dimension, complaints with text and resolution times, churn reasons), 2 communications and a
 * marketing consent; referrals from 5 % of the customers (skewed), month-end balances for 30 %
 * over 13 months, and quarterly market figures.
 *
 *   npx tsx bench/analyze-data.ts DIR customers transactions
 */
import { initWorkspace } from '../src/workspace/index.js';

const [dir, n, m] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const ws = await initWorkspace(dir, { currency: 'CNY', timeZone: 'Asia/Shanghai' });
const t0 = performance.now();
const start = `TIMESTAMPTZ '2023-01-01 00:00:00+08'`;
await ws.db.run(`
  INSERT INTO customers (customer_id, gender, region, birth_date, occupation, acquired_at, acquisition_channel)
  SELECT 'C' || lpad(CAST(i AS VARCHAR), 7, '0'), ['female', 'male'][1 + i % 2],
    ['华东', '华北', '华南', '西南', '西北'][1 + CAST(hash(i) % 5 AS INTEGER)],
    DATE '1950-01-01' + CAST(hash(i * 23) % 18000 AS INTEGER),
    ['教师', '工程师', '医生', '销售', '学生', '自由职业'][1 + CAST(hash(i * 29) % 6 AS INTEGER)],
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
const id = (x: string) => `'C' || lpad(CAST(${x} AS VARCHAR), 7, '0')`;
const at = (days: string, seconds: string) =>
  `${start} + to_days(CAST(${days} AS INTEGER)) + to_seconds(CAST(${seconds} AS BIGINT))`;
await ws.db.run(`
  INSERT INTO events (event_id, customer_id, occurred_at, type, channel)
  SELECT 'E' || k, ${id(`hash(k * 31) % ${n}`)}, ${at('hash(k * 37) % 730', 'hash(k * 41) % 86400')},
    ['visit', 'visit', 'view', 'like', 'comment', 'share', 'activity'][1 + CAST(hash(k * 43) % 7 AS INTEGER)],
    ['app', 'web'][1 + CAST(k % 2 AS INTEGER)]
  FROM range(${3 * n}) t(k)`);
await ws.db.run(`
  INSERT INTO feedback (feedback_id, customer_id, occurred_at, kind, dimension, score, text, topic, resolved_at)
  SELECT 'F' || k, ${id(`hash(k * 47) % ${n}`)}, ${at('hash(k * 53) % 730', 'hash(k * 59) % 86400')}, kind,
    CASE WHEN kind IN ('csat', 'complaint') THEN ['product_quality', 'service_quality', 'user_experience', 'after_sales'][1 + CAST(hash(k * 61) % 4 AS INTEGER)] END,
    CASE kind WHEN 'nps' THEN CAST(hash(k * 67) % 11 AS DOUBLE) WHEN 'csat' THEN CAST(1 + hash(k * 67) % 5 AS DOUBLE) END,
    CASE kind WHEN 'complaint' THEN ['客服回复太慢，等了很久', '物流太慢，包装破损', '价格比别家贵', 'the app crashes at checkout'][1 + CAST(hash(k * 71) % 4 AS INTEGER)] END,
    CASE kind WHEN 'complaint' THEN ['service', 'delivery', 'price', 'app'][1 + CAST(hash(k * 71) % 4 AS INTEGER)]
      WHEN 'churn_reason' THEN ['switched_to_competitor', 'price', 'moved', 'no_need'][1 + CAST(hash(k * 73) % 4 AS INTEGER)] END,
    CASE WHEN kind = 'complaint' AND hash(k * 79) % 10 < 8 THEN ${at('hash(k * 53) % 730', 'hash(k * 59) % 86400 + hash(k * 83) % 259200')} END
  FROM (SELECT k, ['nps', 'csat', 'csat', 'complaint', 'churn_reason'][1 + CAST(hash(k * 89) % 5 AS INTEGER)] AS kind
        FROM range(${Math.round(0.3 * n)}) t(k)) f`);
await ws.db.run(`
  INSERT INTO relations (from_id, to_id, kind, occurred_at)
  SELECT ${id(`CASE WHEN k % 3 = 0 THEN hash(k * 97) % ${Math.max(1, Math.round(n / 1000))} ELSE hash(k * 97) % ${n} END`)},
    ${id(`hash(k * 101) % ${n}`)}, 'referral', ${at('hash(k * 103) % 730', '0')}
  FROM range(${Math.round(0.05 * n)}) t(k)`);
await ws.db.run(`
  INSERT INTO balances (customer_id, as_of, balance, product)
  SELECT ${id('c')}, CAST(DATE '2023-01-01' + to_months(CAST(m AS INTEGER)) - INTERVAL 1 DAY AS DATE),
    CASE WHEN hash(c * 107 + m) % 10 = 0 THEN 0 ELSE round((hash(c * 109) % 100000) * (1 + m / 20.0), 2) END, 'deposit'
  FROM (SELECT i AS c FROM range(${n}) t(i) WHERE hash(i * 113) % 10 < 3) cs, range(12, 25) r(m)`);
await ws.db.run(`
  INSERT INTO communications (comm_id, customer_id, occurred_at, channel, direction, purpose)
  SELECT 'M' || k, ${id(`hash(k * 127) % ${n}`)}, ${at('hash(k * 131) % 730', 'hash(k * 137) % 86400')},
    ['sms', 'email', 'phone', 'app'][1 + CAST(hash(k * 139) % 4 AS INTEGER)],
    CASE WHEN hash(k * 149) % 5 = 0 THEN 'inbound' ELSE 'outbound' END,
    ['care', 'marketing', 'service'][1 + CAST(hash(k * 151) % 3 AS INTEGER)]
  FROM range(${2 * n}) t(k)`);
await ws.db.run(`
  INSERT INTO consents (customer_id, purpose, granted, updated_at)
  SELECT ${id('i')}, 'marketing', hash(i * 157) % 100 >= 8, ${start}
  FROM range(${n}) t(i)`);
await ws.db.run(`
  INSERT INTO market (period, market_customers, market_revenue, competitor_customers, competitor_revenue)
  SELECT '2023-Q' || q, ${20 * n}, ${2000 * n}, ${8 * n}, ${900 * n} FROM range(1, 5) t(q)
  UNION ALL SELECT '2024-Q' || q, ${22 * n}, ${2200 * n}, ${9 * n}, ${950 * n} FROM range(1, 5) t(q)`);
const [{ t }] = await ws.db.query<{ t: number }>('SELECT count(*)::BIGINT AS t FROM transactions');
await ws.close();
console.log(
  `generated ${n} customers and ${t} transactions in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${dir}`,
);
