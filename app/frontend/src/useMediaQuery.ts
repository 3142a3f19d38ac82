import { useCallback, useMemo, useSyncExternalStore } from 'react';

/** What the hook needs of window.matchMedia (tests pass a fake: jsdom has none). */
export type MatchMedia = (
  query: string,
) => Pick<MediaQueryList, 'matches' | 'addEventListener' | 'removeEventListener'>;

function browserMatchMedia(query: string) {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(query)
    : undefined;
}

/**
 * Whether `query` matches, following changes (rotation, resizing). Without
 * matchMedia it answers `fallback`.
 */
export function useMediaQuery(query: string, fallback = false, matchMedia?: MatchMedia): boolean {
  const list = useMemo(() => (matchMedia ? matchMedia(query) : browserMatchMedia(query)), [matchMedia, query]);
  const subscribe = useCallback(
    (onChange: () => void) => {
      list?.addEventListener('change', onChange);
      return () => list?.removeEventListener('change', onChange);
    },
    [list],
  );
  return useSyncExternalStore(
    subscribe,
    () => list?.matches ?? fallback,
    () => fallback,
  );
}
