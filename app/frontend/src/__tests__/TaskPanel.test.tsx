import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Task } from '../api';
import { Workspace } from '../components/Workspace';
import { deferred, installFakeApi, type FakeApi } from '../test/fakeApi';

const user0 = { id: 42, email: 'ada@example.com', created_at: '2026-11-24T10:00:00Z' };

/** Renders the workspace; `seed` fills the fake server before the first request. */
function setup(seed: (fake: FakeApi) => void = () => {}) {
  const fake = installFakeApi({ signedIn: true });
  seed(fake);
  const user = userEvent.setup();
  const view = render(<Workspace user={user0} onSignOut={async () => {}} />);
  return { fake, user, view };
}

describe('task list', () => {
  it('reserves space with placeholder rows while loading', async () => {
    const { view } = setup();
    expect(view.container.querySelectorAll('.skeleton-row')).toHaveLength(3);
    await screen.findByText(/No tasks yet/);
    expect(view.container.querySelectorAll('.skeleton-row')).toHaveLength(0);
  });

  it('adds a task from the form and announces it', async () => {
    const { fake, user } = setup();
    await screen.findByText(/No tasks yet/);
    await user.type(screen.getByLabelText('New task'), '  pay rent ');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByRole('checkbox', { name: 'pay rent' })).toBeInTheDocument();
    expect(fake.calls.find((c) => c.method === 'POST' && c.path === '/api/tasks')?.body).toEqual({ title: 'pay rent' });
    expect(screen.getByLabelText('New task')).toHaveValue('');
    expect(screen.getByTestId('announcer')).toHaveTextContent('Added “pay rent”.');
    expect(screen.getByText('1 open · 0 done')).toBeInTheDocument();
    // The number the assistant understands is shown and describes the checkbox.
    const box = screen.getByRole('checkbox', { name: 'pay rent' });
    expect(box).toHaveAccessibleDescription(`Task #${fake.tasks[0]!.id}`);
  });

  it('refuses an empty title without calling the server', async () => {
    const { fake, user } = setup();
    await screen.findByText(/No tasks yet/);
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Enter a title for the task.');
    expect(fake.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('completes and reopens a task with the keyboard', async () => {
    let t!: Task;
    const { fake, user } = setup((f) => (t = f.addTask('buy milk')));
    const box = await screen.findByRole('checkbox', { name: 'buy milk' });
    box.focus();
    await user.keyboard(' ');
    await expect.poll(() => screen.getByRole('checkbox', { name: 'buy milk' })).toBeChecked();
    expect(fake.calls.find((c) => c.method === 'PATCH')).toMatchObject({
      path: `/api/tasks/${t.id}`,
      body: { completed: true },
    });
    expect(screen.getByTestId('announcer')).toHaveTextContent('Completed “buy milk”.');
    await user.keyboard(' ');
    await expect.poll(() => screen.getByRole('checkbox', { name: 'buy milk' })).not.toBeChecked();
  });

  it('edits title, description and due date; Escape cancels and returns focus', async () => {
    let t!: Task;
    const { fake, user } = setup((f) => (t = f.addTask('buy milk')));
    const edit = await screen.findByRole('button', { name: 'Edit “buy milk”' });
    await user.click(edit);
    await user.keyboard('{Escape}');
    expect(screen.getByRole('button', { name: 'Edit “buy milk”' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Edit “buy milk”' }));
    const title = screen.getByLabelText('Title');
    expect(title).toHaveFocus();
    await user.clear(title);
    await user.type(title, 'buy oat milk');
    await user.type(screen.getByLabelText('Description'), '2 litres');
    await user.type(screen.getByLabelText('Due date'), '2026-12-01');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('checkbox', { name: 'buy oat milk' })).toBeInTheDocument();
    expect(screen.getByText('2 litres')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'buy oat milk' })).toHaveAccessibleDescription(
      expect.stringMatching(new RegExp(`^Task #${t.id} Due .+ 2 litres$`)),
    );
    expect(fake.calls.find((c) => c.method === 'PATCH')).toMatchObject({
      path: `/api/tasks/${t.id}`,
      body: { title: 'buy oat milk', description: '2 litres', due_date: '2026-12-01' },
    });
  });

  it('shows a failed edit in place and keeps the editor open', async () => {
    const { fake, user } = setup((f) => f.addTask('buy milk'));
    await user.click(await screen.findByRole('button', { name: 'Edit “buy milk”' }));
    fake.failNext('PATCH', '/api/tasks/', 400, 'title: must be at most 200 characters');
    await user.type(screen.getByLabelText('Title'), ' now');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('title: must be at most 200 characters')).toBeInTheDocument();
    expect(screen.getByLabelText('Title')).toHaveValue('buy milk now');
  });

  it('deletes a task and moves focus to the list heading', async () => {
    const { fake, user } = setup((f) => {
      f.addTask('buy milk');
      f.addTask('walk dog');
    });
    await user.click(await screen.findByRole('button', { name: 'Delete “buy milk”' }));
    await expect.poll(() => screen.queryByRole('checkbox', { name: 'buy milk' })).toBeNull();
    expect(screen.getByRole('checkbox', { name: 'walk dog' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Tasks' })).toHaveFocus();
    expect(fake.tasks.map((t) => t.title)).toEqual(['walk dog']);
  });

  it('filters open and done tasks', async () => {
    const { user } = setup((f) => {
      f.addTask('open one');
      f.addTask('done one', { completed: true });
    });
    await screen.findByRole('checkbox', { name: 'open one' });
    await user.click(screen.getByRole('button', { name: 'Done' }));
    const list = screen.getByRole('list', { name: 'Done tasks' });
    expect(within(list).getByRole('checkbox', { name: 'done one' })).toBeChecked();
    expect(within(list).queryByRole('checkbox', { name: 'open one' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Done' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('says so in place when the list cannot be loaded, and retries', async () => {
    const fake = installFakeApi({ signedIn: true });
    fake.failNext('GET', '/api/tasks', 500, 'Database unavailable.');
    const user = userEvent.setup();
    render(<Workspace user={user0} onSignOut={async () => {}} />);
    expect(await screen.findByText(/Could not load your tasks: Database unavailable\./)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/No tasks yet/)).toBeInTheDocument();
  });

  it("keeps both the agent's change and a direct edit made while the list was reloading", async () => {
    const { fake, user } = setup();
    await screen.findByText(/No tasks yet/);
    const gate = deferred();
    fake.tasksGate = gate.promise;
    // The agent adds a task; the reload it triggers is held open...
    await user.type(screen.getByLabelText('Message to the assistant'), 'add water plants{Enter}');
    await expect.poll(() => fake.calls.filter((c) => c.path === '/api/tasks' && c.method === 'GET').length).toBe(2);
    // ...while the user adds one with the form.
    await user.type(screen.getByLabelText('New task'), 'pay rent{Enter}');
    await screen.findByRole('checkbox', { name: 'pay rent' });
    fake.tasksGate = null;
    gate.resolve();
    expect(await screen.findByRole('checkbox', { name: 'water plants' })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'pay rent' })).toBeInTheDocument();
  });

  it('drops a task from the list when it turns out to be gone already', async () => {
    const { fake, user } = setup((f) => f.addTask('buy milk'));
    const box = await screen.findByRole('checkbox', { name: 'buy milk' });
    fake.tasks = []; // deleted elsewhere, e.g. through the chat in another tab
    await user.click(box);
    await expect.poll(() => screen.queryByRole('checkbox', { name: 'buy milk' })).toBeNull();
    expect(await screen.findByText(/No tasks yet/)).toBeInTheDocument();
  });
});
