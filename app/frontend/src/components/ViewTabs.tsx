import { useRef, type KeyboardEvent } from 'react';

export type View = 'chat' | 'tasks';

const VIEWS: { value: View; label: string }[] = [
  { value: 'chat', label: 'Chat' },
  { value: 'tasks', label: 'Tasks' },
];

/** Ids that tie each tab to its panel (aria-controls / aria-labelledby). */
export const tabId = (base: string, view: View) => `${base}-${view}-tab`;
export const panelId = (base: string, view: View) => `${base}-${view}-panel`;

export type ViewTabsProps = {
  /** Prefix of the tab and panel ids. */
  idBase: string;
  selected: View;
  onSelect: (view: View) => void;
  /** Tasks the chat changed since the Tasks tab was last open (0: no badge). */
  changes: number;
};

/** The phone-width switcher between the chat and the task list (the ARIA tabs pattern). */
export function ViewTabs({ idBase, selected, onSelect, changes }: ViewTabsProps) {
  const refs = useRef<Partial<Record<View, HTMLButtonElement | null>>>({});

  // Arrow keys, Home and End move between the tabs and show the one reached.
  function onKeyDown(e: KeyboardEvent) {
    const i = VIEWS.findIndex((v) => v.value === selected);
    const n = VIEWS.length;
    const next = (
      { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 } as Record<string, number>
    )[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const view = VIEWS[next]!.value;
    onSelect(view);
    refs.current[view]?.focus();
  }

  return (
    <div className="view-tabs" role="tablist" aria-label="Show" onKeyDown={onKeyDown}>
      {VIEWS.map((v) => {
        const active = v.value === selected;
        const badge = v.value === 'tasks' && changes > 0 ? changes : 0;
        return (
          <button
            key={v.value}
            ref={(el) => {
              refs.current[v.value] = el;
            }}
            type="button"
            role="tab"
            id={tabId(idBase, v.value)}
            aria-selected={active}
            aria-controls={panelId(idBase, v.value)}
            tabIndex={active ? 0 : -1}
            // The whole name in one string: browsers would space a hidden ", 1 change" span differently.
            aria-label={badge > 0 ? `${v.label}, ${badge === 1 ? '1 change' : `${badge} changes`}` : undefined}
            onClick={() => onSelect(v.value)}
          >
            <span className="tab-label">
              {v.label}
              {badge > 0 && (
                // Positioned out of the flow: the label does not move when it appears.
                <span className="tab-badge" aria-hidden="true">
                  {badge}
                </span>
              )}
            </span>
          </button>
        );
      })}
    </div>
  );
}
