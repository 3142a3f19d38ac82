import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Workspace } from '../components/Workspace';
import { TOAST_MS } from '../components/UndoToast';
import { installFakeApi, type FakeApi } from '../test/fakeApi';
import { TEST_NOW } from '../test/setup';

const user0 = { id: 42, email: 'ada@example.com', created_at: '2026-11-24T10:00:00Z' };

// The toast's timer runs on fake timers: only advanceTimersByTime moves it. (Clicks are
// fireEvent, not user-event, and waits are expect.poll: both work while setTimeout is fake.)
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(TEST_NOW);
});

async function setup(titles: string[] = ['buy milk', 'walk dog']) {
  const fake = installFakeApi({ signedIn: true });
  for (const t of titles) fake.addTask(t);
  render(<Workspace user={user0} onSignOut={async () => {}} />);
  await expect.poll(() => screen.queryAllByRole('checkbox')).toHaveLength(titles.length);
  return fake;
}

const toast = () => within(screen.getByTestId('undo-toast'));
const advance = (ms: number) => act(() => vi.advanceTimersByTime(ms));

async function deleteWithButton(title: string) {
  fireEvent.click(screen.getByRole('button', { name: `Delete “${title}”` }));
  await expect.poll(() => screen.getByTestId('undo-toast').textContent).toContain(`Deleted “${title}”.`);
}

async function sendChat(message: string) {
  const input = screen.getByLabelText('Message to the assistant');
  fireEvent.change(input, { target: { value: message } });
  fireEvent.submit(input.closest('form')!);
  await expect.poll(() => screen.queryByRole('button', { name: 'Sending…' })).toBeNull();
}

describe('undo toast', () => {
  it('appears after a delete without taking focus, and Undo brings the task back', async () => {
    const fake = await setup();
    await deleteWithButton('buy milk');
    const region = screen.getByTestId('undo-toast');
    expect(region).toHaveAttribute('role', 'status');
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(screen.getByRole('heading', { name: 'Tasks' })).toHaveFocus();
    expect(toast().getByRole('button', { name: 'Close' })).toBeInTheDocument();
    // Only the toast says "Deleted": the announcer does not repeat it.
    expect(screen.getByTestId('announcer')).not.toHaveTextContent('Deleted');

    const undo = toast().getByRole('button', { name: 'Undo' });
    undo.focus(); // as a keyboard user reaching it with Tab
    fireEvent.click(undo);
    await expect.poll(() => screen.queryByRole('checkbox', { name: 'buy milk' })).not.toBeNull();
    expect(fake.calls.at(-1)).toMatchObject({ method: 'POST', path: '/api/tasks/1/restore', body: undefined });
    expect(fake.tasks.map((t) => t.title).sort()).toEqual(['buy milk', 'walk dog']);
    expect(screen.getByTestId('announcer')).toHaveTextContent('Restored “buy milk”.');
    expect(screen.getByTestId('undo-toast')).toBeEmptyDOMElement();
    // The Undo button is gone: focus continues on the restored task.
    expect(screen.getByRole('checkbox', { name: 'buy milk' })).toHaveFocus();
  });

  it('goes away after about six seconds, and the task stays deleted', async () => {
    const fake = await setup();
    await deleteWithButton('buy milk');
    advance(TOAST_MS - 100);
    expect(toast().getByText('Deleted “buy milk”.')).toBeInTheDocument();
    advance(100);
    expect(screen.getByTestId('undo-toast')).toBeEmptyDOMElement();
    expect(fake.calls.some((c) => c.path.endsWith('/restore'))).toBe(false);
    expect(fake.trash.map((e) => e.task.title)).toEqual(['buy milk']);
  });

  it('is replaced by the next delete, which gets its own six seconds', async () => {
    await setup();
    await deleteWithButton('buy milk');
    advance(4000);
    await deleteWithButton('walk dog');
    expect(screen.getByTestId('undo-toast').textContent).not.toContain('buy milk');
    expect(toast().getAllByRole('button', { name: 'Undo' })).toHaveLength(1);
    advance(4000); // 8 s after the first delete, 4 s after the second
    expect(toast().getByText('Deleted “walk dog”.')).toBeInTheDocument();
    advance(TOAST_MS - 4000);
    expect(screen.getByTestId('undo-toast')).toBeEmptyDOMElement();
  });

  it('stays while the keyboard is in it; Escape closes it and focus returns to the list', async () => {
    await setup();
    await deleteWithButton('buy milk');
    act(() => toast().getByRole('button', { name: 'Close' }).focus());
    advance(TOAST_MS * 3);
    expect(toast().getByText('Deleted “buy milk”.')).toBeInTheDocument();
    fireEvent.keyDown(toast().getByRole('button', { name: 'Close' }), { key: 'Escape' });
    expect(screen.getByTestId('undo-toast')).toBeEmptyDOMElement();
    await expect.poll(() => document.activeElement).toBe(screen.getByRole('heading', { name: 'Tasks' }));
  });

  it('says in words when the task can no longer be restored', async () => {
    const fake = await setup();
    await deleteWithButton('buy milk');
    fake.trash = []; // e.g. purged meanwhile
    const undo = toast().getByRole('button', { name: 'Undo' });
    undo.focus();
    fireEvent.click(undo);
    await expect
      .poll(() => screen.getByTestId('undo-toast').textContent)
      .toContain('Could not restore “buy milk”: it is no longer in the trash.');
    expect(toast().queryByRole('button', { name: /Undo|Try again/ })).toBeNull();
    expect(toast().getByRole('button', { name: 'Close' })).toHaveFocus();
    // An error is not timed out: it stays until closed.
    advance(TOAST_MS * 2);
    expect(toast().getByText(/no longer in the trash/)).toBeInTheDocument();
  });

  it('offers to try again when the server could not be reached', async () => {
    const fake = await setup();
    await deleteWithButton('buy milk');
    fake.failNext('POST', '/api/tasks/1/restore', 503, 'The service is starting up. Please try again shortly.');
    fireEvent.click(toast().getByRole('button', { name: 'Undo' }));
    await expect
      .poll(() => screen.getByTestId('undo-toast').textContent)
      .toContain('Could not restore “buy milk”. The service is starting up. Please try again shortly.');
    fireEvent.click(toast().getByRole('button', { name: 'Try again' }));
    await expect.poll(() => screen.queryByRole('checkbox', { name: 'buy milk' })).not.toBeNull();
    expect(screen.getByTestId('undo-toast')).toBeEmptyDOMElement();
  });

  it("shows the same toast when a chat turn deleted a task; the chat's own undo closes it", async () => {
    const fake: FakeApi = await setup();
    await sendChat('delete buy milk');
    await expect.poll(() => screen.queryByRole('checkbox', { name: 'buy milk' })).toBeNull();
    expect(toast().getByText('Deleted “buy milk”.')).toBeInTheDocument();
    expect(screen.getByLabelText('Message to the assistant')).toHaveFocus();

    await sendChat('undo');
    await expect.poll(() => screen.queryByRole('checkbox', { name: 'buy milk' })).not.toBeNull();
    expect(screen.getByTestId('undo-toast')).toBeEmptyDOMElement();
    expect(fake.tasks.map((t) => t.title).sort()).toEqual(['buy milk', 'walk dog']);
  });

  it('restores a task the chat deleted', async () => {
    await setup();
    await sendChat('delete walk dog');
    await expect.poll(() => screen.getByTestId('undo-toast').textContent).toContain('Deleted “walk dog”.');
    fireEvent.click(toast().getByRole('button', { name: 'Undo' }));
    await expect.poll(() => screen.queryByRole('checkbox', { name: 'walk dog' })).not.toBeNull();
    expect(screen.getByTestId('announcer')).toHaveTextContent('Restored “walk dog”.');
  });
});
