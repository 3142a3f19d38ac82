// Due dates are calendar days ("YYYY-MM-DD"), compared in the user's local time zone.

function localIsoDate(d: Date): string {
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${m}-${day}`;
}

function parseDay(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export type DueInfo = { label: string; overdue: boolean };

/** A short human label for a due date, relative to `now`. */
export function describeDue(due: string, now: Date = new Date()): DueInfo {
  const day = parseDay(due);
  if (!day) return { label: `Due ${due}`, overdue: false };
  const today = parseDay(localIsoDate(now))!;
  const diff = Math.round((day.getTime() - today.getTime()) / 86_400_000);
  if (diff === 0) return { label: 'Due today', overdue: false };
  if (diff === 1) return { label: 'Due tomorrow', overdue: false };
  if (diff === -1) return { label: 'Overdue: yesterday', overdue: true };
  const sameYear = day.getFullYear() === today.getFullYear();
  const text = day.toLocaleDateString(undefined, {
    weekday: diff > 1 && diff < 7 ? 'long' : undefined,
    month: 'short',
    day: 'numeric',
    year: sameYear ? undefined : 'numeric',
  });
  return diff < 0 ? { label: `Overdue: ${text}`, overdue: true } : { label: `Due ${text}`, overdue: false };
}
