// A window.matchMedia stand-in (jsdom has none) for the one query the workspace asks.
import { NARROW_QUERY } from '../components/Workspace';
import type { MatchMedia } from '../useMediaQuery';

export function fakeMatchMedia(width: number): { matchMedia: MatchMedia; resize: (width: number) => void } {
  let current = width;
  const listeners = new Set<() => void>();
  const matchMedia = ((query: string) => {
    if (query !== NARROW_QUERY) throw new Error(`fakeMatchMedia does not know ${query}`);
    return {
      get matches() {
        return current < 800;
      },
      addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
      removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
    };
  }) as unknown as MatchMedia;
  return {
    matchMedia,
    resize(width) {
      current = width;
      for (const l of listeners) l();
    },
  };
}
