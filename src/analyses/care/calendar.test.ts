import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { careCalendar } from './calendar.js';
import { addDays, isLeapYear, occasionDates, todayIn } from './calendar-dates.js';

describe('calendar dates', () => {
  it('celebrates 29 February on 28 February in a year without it, and on the day in a leap year', () => {
    expect([...occasionDates('2025-02-27', 3)]).toEqual([
      ['02-27', '2025-02-27'],
      ['02-28', '2025-02-28'],
      ['02-29', '2025-02-28'],
      ['03-01', '2025-03-01'],
    ]);
    expect([...occasionDates('2024-02-28', 2)]).toEqual([
      ['02-28', '2024-02-28'],
      ['02-29', '2024-02-29'],
    ]);
    expect([isLeapYear(2024), isLeapYear(2100), isLeapYear(2000), isLeapYear(2025)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    // A year's window holds every month-day once; longer ones are refused.
    expect(occasionDates('2022-03-01', 365).size).toBe(366); // 02-29 rides on 2023-02-28
    expect(() => occasionDates('2024-01-01', 366)).toThrow(/1 to 365 days/);
    expect(() => occasionDates('2024-01-01', 0)).toThrow(/1 to 365 days/);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    // 2024-03-31 16:30 UTC is 1 April in Shanghai and still 31 March in New York.
    const instant = new Date('2024-03-31T16:30:00Z');
    expect([todayIn('Asia/Shanghai', instant), todayIn('America/New_York', instant)]).toEqual([
      '2024-04-01',
      '2024-03-31',
    ]);
  });
});

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

// b1 born on 29 February; b2 born 1 March, acquired 27 February 2023; b3 withdrew marketing consent;
// b4 has no marketing consent record (analytics only); b5's birthday is outside the window; b6 has
// no acquisition date but a first purchase on 28 February 2024; b7 was acquired on the window's
// first day (no anniversary yet); b8 was acquired at 2024-02-29 20:00 UTC = 1 March 04:00 in
// Shanghai; b9 was acquired 26 February 2023 though it bought in 2022 (acquired_at comes first).
const CUSTOMERS = `customer_id,birth_date,acquired_at,region,membership_tier
b1,1992-02-29,,华东,gold
b2,1985-03-01,2023-02-27 10:00,华北,
b3,1970-02-26,,,
b4,1999-02-27,,,
b5,2000-03-02,,,
b6,,,,
b7,,2025-02-26 09:00,,
b8,,2024-02-29T20:00:00Z,,
b9,,2023-02-26 09:00,,
`;
const TRANSACTIONS = `txn_id,customer_id,occurred_at,amount
t1,b6,2024-02-28 10:00,10
t2,b9,2022-01-01 10:00,10
`;
const CONSENTS = `customer_id,purpose,granted
b1,marketing,true
b2,marketing,true
b3,marketing,false
b4,analytics,true
b5,marketing,true
b6,marketing,true
b7,marketing,true
b8,marketing,true
b9,marketing,true
`;

describe('care calendar', () => {
  it('birthdays and anniversaries in the next N days, with consent, time zone and 29 February', async () => {
    await importFiles(ws, 'customers', [fileWith('c.csv', CUSTOMERS)], { maxRejects: 0 });
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)], { maxRejects: 0 });
    await importFiles(ws, 'consents', [fileWith('k.csv', CONSENTS)], { maxRejects: 0 });
    // 26 February – 1 March 2025 (not a leap year).
    const c = await careCalendar(ws.db, { from: '2025-02-26', days: 4 });
    expect(c.to).toBe('2025-03-01');
    expect(c.runId).toBeNull();
    expect(c.occasions.map((o) => [o.date, o.daysUntil, o.occasion, o.customerId, o.years])).toEqual([
      ['2025-02-26', 0, 'anniversary', 'b9', 2],
      ['2025-02-27', 1, 'anniversary', 'b2', 2],
      ['2025-02-28', 2, 'anniversary', 'b6', 1],
      ['2025-02-28', 2, 'birthday', 'b1', null],
      ['2025-03-01', 3, 'anniversary', 'b8', 1],
      ['2025-03-01', 3, 'birthday', 'b2', null],
    ]);
    expect(c.occasions.find((o) => o.customerId === 'b1')).toMatchObject({
      region: '华东',
      membershipTier: 'gold',
    });
    // b3's birthday (withdrawn) and b4's (no record) are left out and counted.
    expect(c.leftOut).toEqual({ withdrawn: 1, notRecorded: 1 });
    expect(c.consentPurpose).toBe('marketing');
    // In 2024 (a leap year) b1's birthday is on the 29th.
    const leap = await careCalendar(ws.db, { from: '2024-02-28', days: 2 });
    expect(
      leap.occasions.filter((o) => o.occasion === 'birthday').map((o) => [o.date, o.customerId]),
    ).toEqual([['2024-02-29', 'b1']]);
  });

  it('without consents recorded, nobody is listed and everyone is counted as not recorded', async () => {
    await importFiles(ws, 'customers', [fileWith('c.csv', CUSTOMERS)], { maxRejects: 0 });
    const c = await careCalendar(ws.db, { from: '2025-02-26', days: 4 });
    expect(c.occasions).toEqual([]);
    // Birthdays b1, b2, b3, b4; anniversaries b2, b8, b9 (b6 has no purchases here).
    expect(c.leftOut).toEqual({ withdrawn: 0, notRecorded: 7 });
  });
});
