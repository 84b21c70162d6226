/** Time-zone facts a run needs, computed once in JavaScript. */

const formats = new Map<string, Intl.DateTimeFormat>();

/** The UTC offset of `timeZone` at instant `ms`, in seconds (east positive). */
export function utcOffsetAt(timeZone: string, ms: number): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 1000);
}

/**
 * The zone's UTC offset in seconds when it is the same at every instant from `fromMs` to `toMs`
 * (checked at every day boundary, so any daylight-saving or legal change in between shows), else
 * null. Asia/Shanghai over 1992–2030 gives 28800; Europe/Berlin over any year gives null.
 */
export function fixedUtcOffset(timeZone: string, fromMs: number, toMs: number): number | null {
  const day = 86_400_000;
  const first = utcOffsetAt(timeZone, fromMs);
  const steps = Math.ceil((toMs - fromMs) / day);
  if (steps > 200_000) return null;
  for (let i = 1; i <= steps; i++) {
    if (utcOffsetAt(timeZone, Math.min(fromMs + i * day, toMs)) !== first) return null;
  }
  return first;
}
