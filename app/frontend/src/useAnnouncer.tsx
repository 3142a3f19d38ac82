import { useCallback, useState } from 'react';

/**
 * A polite live region for status messages ("Task added", "Task list updated").
 * Each announcement is a fresh node, so repeating the same words is announced again.
 */
export function useAnnouncer(): [region: React.ReactElement, announce: (message: string) => void] {
  const [entry, setEntry] = useState<{ n: number; text: string }>({ n: 0, text: '' });
  const announce = useCallback((text: string) => setEntry((e) => ({ n: e.n + 1, text })), []);
  const region = (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {entry.text ? <p key={entry.n}>{entry.text}</p> : null}
    </div>
  );
  return [region, announce];
}
