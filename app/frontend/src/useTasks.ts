import { useCallback, useEffect, useRef, useState } from 'react';
import * as api from './api';
import type { NewTask, Task, TaskPatch } from './api';

export type TasksState = {
  tasks: Task[];
  /** True until the first load finishes (successfully or not). */
  loading: boolean;
  /** True while a reload is running after the first load. */
  refreshing: boolean;
  error: string | null;
};

export type TasksApi = TasksState & {
  reload: () => Promise<void>;
  add: (task: NewTask) => Promise<Task>;
  update: (id: number, patch: TaskPatch) => Promise<Task>;
  remove: (id: number) => Promise<void>;
  /** Brings a deleted task back from the server's trash into the list. */
  restore: (id: number) => Promise<Task>;
};

/** Server order: open first, then by due date, then newest (mirrors the API). */
export function sortTasks(tasks: Task[]): Task[] {
  return [...tasks].sort((a, b) => {
    if (a.completed !== b.completed) return a.completed ? 1 : -1;
    if (a.due_date !== b.due_date) {
      if (a.due_date === null) return 1;
      if (b.due_date === null) return -1;
      return a.due_date < b.due_date ? -1 : 1;
    }
    return b.created_at.localeCompare(a.created_at) || b.id - a.id;
  });
}

/** The signed-in user's tasks, with the direct edits the list offers. */
export function useTasks(): TasksApi {
  const [state, setState] = useState<TasksState>({ tasks: [], loading: true, refreshing: false, error: null });
  // Only the newest reload may write its result (an older, slower one must not win).
  const generation = useRef(0);
  const inFlight = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    inFlight.current++;
    setState((s) => ({ ...s, refreshing: !s.loading }));
    try {
      const tasks = await api.listTasks();
      if (mine === generation.current) setState({ tasks, loading: false, refreshing: false, error: null });
    } catch (e) {
      if (mine === generation.current)
        setState((s) => ({ ...s, loading: false, refreshing: false, error: (e as Error).message }));
    } finally {
      inFlight.current--;
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  /**
   * Applies a direct edit to the list. A reload that started before the edit
   * reached the server may not contain it, so it is superseded by a new one.
   */
  const apply = useCallback(
    (change: (tasks: Task[]) => Task[]) => {
      setState((s) => ({ ...s, tasks: change(s.tasks) }));
      if (inFlight.current > 0) void reload();
    },
    [reload],
  );

  const add = useCallback(
    async (task: NewTask) => {
      const created = await api.createTask(task);
      apply((tasks) => sortTasks([created, ...tasks.filter((t) => t.id !== created.id)]));
      return created;
    },
    [apply],
  );

  const update = useCallback(
    async (id: number, patch: TaskPatch) => {
      try {
        const updated = await api.updateTask(id, patch);
        apply((tasks) => sortTasks(tasks.map((t) => (t.id === id ? updated : t))));
        return updated;
      } catch (e) {
        // Gone meanwhile (e.g. deleted through the chat): show the list as it is now.
        if (e instanceof api.ApiError && e.status === 404) void reload();
        throw e;
      }
    },
    [apply, reload],
  );

  const remove = useCallback(
    async (id: number) => {
      try {
        await api.deleteTask(id);
      } catch (e) {
        // Already gone (e.g. deleted through the chat): the list should say so too.
        if (!(e instanceof api.ApiError && e.status === 404)) throw e;
      }
      apply((tasks) => tasks.filter((t) => t.id !== id));
    },
    [apply],
  );

  const restore = useCallback(
    async (id: number) => {
      const restored = await api.restoreTask(id);
      apply((tasks) => sortTasks([restored, ...tasks.filter((t) => t.id !== restored.id)]));
      return restored;
    },
    [apply],
  );

  return { ...state, reload, add, update, remove, restore };
}
