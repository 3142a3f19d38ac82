import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../components/Workspace';
import { installFakeApi, type FakeApi } from '../test/fakeApi';
import { fakeMatchMedia } from '../test/matchMedia';

const user0 = { id: 42, email: 'ada@example.com', created_at: '2026-11-24T10:00:00Z' };

async function setup(width: number | null, seed: (fake: FakeApi) => void = () => {}) {
  const fake = installFakeApi({ signedIn: true });
  seed(fake);
  const media = fakeMatchMedia(width ?? 1280);
  const user = userEvent.setup();
  render(
    <Workspace user={user0} onSignOut={async () => {}} matchMedia={width === null ? undefined : media.matchMedia} />,
  );
  await screen.findByRole('log', { name: 'Conversation' });
  return { fake, user, media };
}

async function chat(user: ReturnType<typeof userEvent.setup>, message: string) {
  await user.type(screen.getByLabelText('Message to the assistant'), `${message}{Enter}`);
  await within(screen.getByRole('log')).findByText(message);
  await expect.poll(() => screen.queryByRole('button', { name: 'Sending…' })).toBeNull();
}

describe('phone layout', () => {
  it('keeps both panels side by side, without tabs, when wide or when matchMedia is missing', async () => {
    for (const width of [1280, null]) {
      const { fake } = await setup(width);
      expect(screen.queryByRole('tablist')).toBeNull();
      expect(screen.queryByRole('tabpanel')).toBeNull();
      expect(screen.getByRole('heading', { name: 'Assistant' })).toBeVisible();
      expect(screen.getByRole('heading', { name: 'Tasks' })).toBeVisible();
      expect(fake.calls.length).toBeGreaterThan(0);
      document.body.innerHTML = '';
    }
  });

  it('shows Chat and Tasks tabs on a narrow screen, Chat first', async () => {
    await setup(390);
    const tablist = screen.getByRole('tablist');
    const [chatTab, tasksTab] = within(tablist).getAllByRole('tab');
    expect(chatTab).toHaveAccessibleName('Chat');
    expect(tasksTab).toHaveAccessibleName('Tasks');
    expect(chatTab).toHaveAttribute('aria-selected', 'true');
    expect(tasksTab).toHaveAttribute('aria-selected', 'false');
    // Roving tabindex: Tab reaches the selected tab only.
    expect(chatTab).toHaveAttribute('tabindex', '0');
    expect(tasksTab).toHaveAttribute('tabindex', '-1');

    const chatPanel = document.getElementById(chatTab!.getAttribute('aria-controls')!)!;
    const tasksPanel = document.getElementById(tasksTab!.getAttribute('aria-controls')!)!;
    expect(chatPanel).toHaveAttribute('role', 'tabpanel');
    expect(chatPanel).toHaveAccessibleName('Chat');
    expect(tasksPanel).toHaveAttribute('aria-labelledby', tasksTab!.id);
    expect(chatPanel).toBeVisible();
    expect(tasksPanel).not.toBeVisible();
    expect(within(chatPanel).getByRole('heading', { name: 'Assistant' })).toBeInTheDocument();
  });

  it('moves between the tabs with the arrow keys, Home and End', async () => {
    const { user } = await setup(390, (f) => f.addTask('buy milk'));
    const chatTab = screen.getByRole('tab', { name: 'Chat' });
    const tasksTab = screen.getByRole('tab', { name: 'Tasks' });
    chatTab.focus();
    await user.keyboard('{ArrowRight}');
    expect(tasksTab).toHaveFocus();
    expect(tasksTab).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByRole('checkbox', { name: 'buy milk' })).toBeVisible();
    expect(screen.getByRole('heading', { name: 'Assistant', hidden: true })).not.toBeVisible();
    await user.keyboard('{ArrowRight}'); // wraps around
    expect(chatTab).toHaveFocus();
    expect(chatTab).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{End}');
    expect(tasksTab).toHaveFocus();
    await user.keyboard('{Home}');
    expect(chatTab).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(tasksTab).toHaveFocus();
  });

  it('badges the Tasks tab with the number of tasks the chat changed, until Tasks is opened', async () => {
    const { user } = await setup(390);
    const tasksTab = screen.getByRole('tab', { name: 'Tasks' });
    await chat(user, 'what is still open?'); // only looked: no change
    expect(tasksTab).toHaveAccessibleName('Tasks');

    await chat(user, 'add buy milk');
    await expect.poll(() => tasksTab.textContent).toContain('1');
    expect(tasksTab).toHaveAccessibleName('Tasks, 1 change');
    await chat(user, 'mark it done'); // the same task again
    expect(tasksTab).toHaveAccessibleName('Tasks, 1 change');
    await chat(user, 'add walk dog');
    await expect.poll(() => tasksTab).toHaveAccessibleName('Tasks, 2 changes');

    await user.click(tasksTab);
    expect(tasksTab).toHaveAccessibleName('Tasks');
    expect(screen.getByRole('checkbox', { name: 'buy milk' })).toBeVisible();
    expect(screen.getByRole('checkbox', { name: 'walk dog' })).toBeVisible();
  });

  it('follows the screen: tabs appear and go as the width crosses 800 px', async () => {
    const { media } = await setup(1280);
    expect(screen.queryByRole('tablist')).toBeNull();
    act(() => media.resize(390));
    expect(screen.getByRole('tab', { name: 'Chat' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('heading', { name: 'Tasks', hidden: true })).not.toBeVisible();
    act(() => media.resize(1024));
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Tasks' })).toBeVisible();
  });

  it('undoing a chat delete from the Chat tab keeps focus in the chat and badges Tasks', async () => {
    const { user } = await setup(390, (f) => f.addTask('buy milk'));
    await chat(user, 'delete buy milk');
    const toast = within(screen.getByTestId('undo-toast'));
    await user.click(toast.getByRole('button', { name: 'Undo' }));
    await expect.poll(() => screen.getByTestId('announcer').textContent).toContain('Restored “buy milk”.');
    expect(screen.getByLabelText('Message to the assistant')).toHaveFocus();
    expect(screen.getByRole('tab', { name: /^Tasks/ })).toHaveAccessibleName('Tasks, 1 change');
  });
});
