/** IANA time zones: the user's "today" is a date in their zone, not the server's. Pure functions. */

export const TIME_ZONE_MAX = 64;
/** What an IANA zone name can contain ("America/Argentina/Buenos_Aires", "Etc/GMT+5", "UTC"). */
export const TIME_ZONE_PATTERN = '^[A-Za-z][A-Za-z0-9_+\\-/]*$';

/** True for a zone the runtime's time zone database knows. */
export function isTimeZone(tz: string): boolean {
  if (tz.length > TIME_ZONE_MAX || !new RegExp(TIME_ZONE_PATTERN).test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** "YYYY-MM-DD" of the instant `now` in zone `tz` (the runtime's own zone when none is given). */
export function dateInZone(now: Date, tz?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * The user's local date and time at `now`, as a Date whose local fields (getHours() …)
 * hold them: what date libraries that work in "local time" need as their reference.
 */
export function wallClock(now: Date, tz?: string): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return new Date(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}
