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

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, refreshing: !s.loading }));
    try {
      const tasks = await api.listTasks();
      if (mine === generation.current) setState({ tasks, loading: false, refreshing: false, error: null });
    } catch (e) {
      if (mine === generation.current)
        setState((s) => ({ ...s, loading: false, refreshing: false, error: (e as Error).message }));
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const add = useCallback(async (task: NewTask) => {
    const created = await api.createTask(task);
    generation.current++;
    setState((s) => ({ ...s, tasks: sortTasks([created, ...s.tasks.filter((t) => t.id !== created.id)]) }));
    return created;
  }, []);

  const update = useCallback(async (id: number, patch: TaskPatch) => {
    const updated = await api.updateTask(id, patch);
    generation.current++;
    setState((s) => ({ ...s, tasks: sortTasks(s.tasks.map((t) => (t.id === id ? updated : t))) }));
    return updated;
  }, []);

  const remove = useCallback(async (id: number) => {
    try {
      await api.deleteTask(id);
    } catch (e) {
      // Already gone (e.g. deleted through the chat): the list should say so too.
      if (!(e instanceof api.ApiError && e.status === 404)) throw e;
    }
    generation.current++;
    setState((s) => ({ ...s, tasks: s.tasks.filter((t) => t.id !== id) }));
  }, []);

  return { ...state, reload, add, update, remove };
}
