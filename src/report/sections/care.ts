/** CRM care: contacts by channel and their distribution; feedback resolution time against the SLA. */
import { svgChart } from '../chart.js';
import { figure, htmlTable, type Part, paragraph, type ReportContext, type Section } from '../section.js';

/** Contacts per channel over all months, "all" first, then most contacts first. */
export async function channelContacts(ctx: ReportContext) {
  const rows = await ctx.query<{
    channel: string;
    contacts: number;
    customers: number;
    mean_per_customer: number | null;
    median_per_customer: number | null;
    p90_per_customer: number | null;
    inbound: number;
    care: number;
    marketing: number;
    service: number;
  }>(
    `SELECT channel, contacts, customers, mean_per_customer, median_per_customer, p90_per_customer, inbound, care,
       marketing, service FROM crm_contacts WHERE run_id = $1 AND month IS NULL`,
  );
  return rows.sort(
    (a, b) =>
      Number(b.channel === 'all') - Number(a.channel === 'all') || Number(b.contacts) - Number(a.contacts),
  );
}

const contacts: Part = async (ctx) => {
  const rows = await channelContacts(ctx);
  if (rows.length === 0) return '';
  const { t, f } = ctx;
  const table = htmlTable(
    [
      t('care.channel'),
      t('care.contacts'),
      t('care.customers'),
      t('care.mean'),
      t('care.median'),
      t('care.p90'),
      t('care.purpose.care'),
      t('care.purpose.marketing'),
      t('care.purpose.service'),
      t('care.inbound'),
    ],
    rows.map((r) => [
      r.channel === 'all' ? t('care.allChannels') : r.channel,
      f.integer(Number(r.contacts)),
      f.integer(Number(r.customers)),
      f.number(r.mean_per_customer, 2),
      f.number(r.median_per_customer, 1),
      f.number(r.p90_per_customer, 1),
      f.integer(Number(r.care)),
      f.integer(Number(r.marketing)),
      f.integer(Number(r.service)),
      f.integer(Number(r.inbound)),
    ]),
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  return `<h3>${t('care.contactsTitle')}</h3>${table}`;
};

const distribution: Part = async (ctx) => {
  const rows = await ctx.query<{
    contacts_from: number;
    contacts_to: number | null;
    customers: number;
    share: number | null;
  }>(
    `SELECT contacts_from, contacts_to, customers, share FROM crm_contact_distribution
     WHERE run_id = $1 AND channel = 'all' ORDER BY contacts_from`,
  );
  if (rows.length === 0) return '';
  const { t, f } = ctx;
  const label = (r: (typeof rows)[number]) =>
    r.contacts_to === null
      ? t('care.bandOpen', { from: r.contacts_from })
      : r.contacts_to === r.contacts_from
        ? String(r.contacts_from)
        : t('care.band', { from: r.contacts_from, to: r.contacts_to });
  const svg = svgChart(
    {
      grid: { left: 70, right: 30, top: 30, bottom: 60 },
      xAxis: {
        type: 'category',
        data: rows.map(label),
        name: t('care.contacts'),
        nameLocation: 'middle',
        nameGap: 30,
      },
      yAxis: { type: 'value', name: t('care.customers'), axisLabel: { formatter: f.compact } },
      series: [
        {
          type: 'bar',
          data: rows.map((r) => Number(r.customers)),
          label: {
            show: true,
            position: 'top',
            formatter: (p: { dataIndex: number }) => f.percent(rows[p.dataIndex].share, 0),
          },
        },
      ],
    },
    { height: 320 },
  );
  const never = rows.find((r) => r.contacts_from === 0)?.share ?? null;
  return figure(
    t('care.distributionTitle'),
    svg,
    t('care.distributionNote', {
      perCustomer: f.number(ctx.kpis.contacts_per_customer?.value ?? null, 2),
      never: f.percent(never, 0),
    }),
  );
};

/** Resolution rows over all months of one breakdown: "all" and the dimensions, or the regions. */
export async function resolutionRows(ctx: ReportContext, segmentBy: 'all' | 'region') {
  const rows = await ctx.query<{
    dimension: string;
    segment: string;
    items: number;
    resolved: number;
    open: number;
    median_hours: number | null;
    p90_hours: number | null;
    share_within_sla: number | null;
    sla_hours: number | null;
  }>(
    `SELECT dimension, segment, items, resolved, open, median_hours, p90_hours, share_within_sla, sla_hours
     FROM feedback_resolution WHERE run_id = $1 AND segment_by = $2 AND month IS NULL`,
    [segmentBy],
  );
  return rows.sort(
    (a, b) =>
      Number(b.dimension === 'all') - Number(a.dimension === 'all') ||
      a.dimension.localeCompare(b.dimension) ||
      a.segment.localeCompare(b.segment),
  );
}

function resolutionTable(
  ctx: ReportContext,
  first: string,
  rows: Awaited<ReturnType<typeof resolutionRows>>,
  label: (r: (typeof rows)[number]) => string,
) {
  const { t, f } = ctx;
  return htmlTable(
    [
      first,
      t('care.items'),
      t('care.resolved'),
      t('care.open'),
      t('care.medianHours'),
      t('care.p90Hours'),
      t('care.withinSla'),
    ],
    rows.map((r) => [
      label(r),
      f.integer(Number(r.items)),
      f.integer(Number(r.resolved)),
      f.integer(Number(r.open)),
      f.number(r.median_hours, 1),
      f.number(r.p90_hours, 1),
      f.percent(r.share_within_sla, 0),
    ]),
    [1, 2, 3, 4, 5, 6],
  );
}

const resolution: Part = async (ctx) => {
  const rows = await resolutionRows(ctx, 'all');
  if (rows.length === 0) return '';
  const { t, f } = ctx;
  const byRegion = (await resolutionRows(ctx, 'region')).filter((r) => r.dimension === 'all');
  const slowest = [...byRegion].sort((a, b) => (b.median_hours ?? 0) - (a.median_hours ?? 0))[0];
  const sla = f.number(rows[0].sla_hours, 0);
  return (
    `<h3>${t('care.resolutionTitle')}</h3>` +
    resolutionTable(ctx, t('satisfaction.dimension'), rows, (r) =>
      t.name('satisfaction.dimension', r.dimension),
    ) +
    paragraph(t('care.resolutionNote', { sla })) +
    (byRegion.length > 0
      ? `<h3>${t('care.regionTitle')}</h3>` +
        resolutionTable(ctx, t('satisfaction.region'), byRegion, (r) => r.segment) +
        paragraph(
          t('care.slowest', {
            region: slowest.segment,
            median: f.number(slowest.median_hours, 1),
            share: f.percent(slowest.share_within_sla, 0),
            sla,
          }),
        )
      : '') +
    paragraph(t('care.calendarNote'))
  );
};

export const careSection: Section = {
  id: 'care',
  title: 'care.section',
  tables: ['crm_contacts', 'crm_contact_distribution', 'feedback_resolution'],
  parts: [contacts, distribution, resolution],
};
