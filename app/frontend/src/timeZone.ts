/**
 * The browser's IANA time zone ("Europe/Paris"), or undefined when the runtime
 * cannot tell. The server resolves "today" and "tomorrow" in it, so the chat
 * agrees with the task list's "Due today" labels, which use the same zone.
 */
export function browserTimeZone(
  resolve: () => { timeZone?: string } = () => Intl.DateTimeFormat().resolvedOptions(),
): string | undefined {
  try {
    const zone = resolve().timeZone;
    return typeof zone === 'string' && zone !== '' ? zone : undefined;
  } catch {
    return undefined;
  }
}
