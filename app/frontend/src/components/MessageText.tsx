import { Fragment, type ReactNode } from 'react';

const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/g;

/**
 * A chat message, with each YYYY-MM-DD kept on one line: bubbles wrap
 * anywhere (long words must not overflow), which otherwise breaks a date at
 * its hyphen ("2026-11-" / "30").
 */
export function MessageText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(ISO_DATE)) {
    const at = match.index ?? 0;
    if (at > last) parts.push(text.slice(last, at));
    parts.push(
      <time key={at} dateTime={match[0]} className="nowrap">
        {match[0]}
      </time>,
    );
    last = at + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <Fragment>{parts}</Fragment>;
}
