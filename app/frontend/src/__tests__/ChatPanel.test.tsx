import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../components/Workspace';
import { deferred, installFakeApi } from '../test/fakeApi';
import { browserTimeZone } from '../timeZone';

const user0 = { id: 42, email: 'ada@example.com', created_at: '2026-11-24T10:00:00Z' };

function renderWorkspace() {
  return render(<Workspace user={user0} onSignOut={async () => {}} />);
}

describe('chat panel', () => {
  it('shows a pending indicator until the reply arrives, then the reply', async () => {
    const fake = installFakeApi({ signedIn: true });
    const gate = deferred();
    fake.chatGate = gate.promise;
    const user = userEvent.setup();
    renderWorkspace();
    const log = await screen.findByRole('log', { name: 'Conversation' });
    await user.type(screen.getByLabelText('Message to the assistant'), 'hello{Enter}');

    expect(within(log).getByText('hello')).toBeInTheDocument();
    expect(within(log).getByLabelText('Assistant is typing')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sending…' })).toBeDisabled();

    gate.resolve();
    expect(await within(log).findByText(/I can add, list/)).toBeInTheDocument();
    expect(within(log).queryByLabelText('Assistant is typing')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Message to the assistant')).toHaveValue('');
  });

  it('refreshes the task list as soon as the agent changes tasks', async () => {
    const fake = installFakeApi({ signedIn: true });
    const user = userEvent.setup();
    renderWorkspace();
    await screen.findByText(/No tasks yet/);
    const input = screen.getByLabelText('Message to the assistant');

    await user.type(input, 'add buy milk tomorrow{Enter}');
    const box = await screen.findByRole('checkbox', { name: 'buy milk' });
    expect(box).not.toBeChecked();
    expect(screen.getByText('Due tomorrow', { exact: false })).toBeInTheDocument();
    expect(screen.getByTestId('announcer')).toHaveTextContent('Task list updated.');

    await user.type(input, 'mark it done{Enter}');
    await expect.poll(() => screen.getByRole('checkbox', { name: 'buy milk' })).toBeChecked();
    expect(screen.getByText('Updated completion')).toBeInTheDocument();
    // The list was fetched again after each turn that used tools (plus the first load).
    expect(fake.calls.filter((c) => c.method === 'GET' && c.path === '/api/tasks').length).toBeGreaterThanOrEqual(3);
  });

  it('continues the same conversation on later messages', async () => {
    const fake = installFakeApi({ signedIn: true });
    const user = userEvent.setup();
    renderWorkspace();
    const input = await screen.findByLabelText('Message to the assistant');
    await user.type(input, 'hi{Enter}');
    await screen.findByText(/I can add, list/);
    await user.type(input, 'again{Enter}');
    await expect.poll(() => fake.calls.filter((c) => c.path === '/api/chat').length).toBe(2);
    const chats = fake.calls.filter((c) => c.path === '/api/chat');
    const time_zone = browserTimeZone();
    expect(chats[0]!.body).toEqual({ message: 'hi', time_zone });
    expect(chats[1]!.body).toEqual({ message: 'again', conversation_id: 900, time_zone });
  });

  it('shows a failed message in place and lets the user retry it', async () => {
    const fake = installFakeApi({ signedIn: true });
    fake.failNext('POST', '/api/chat', 503, 'The assistant is unavailable right now.');
    const user = userEvent.setup();
    renderWorkspace();
    await user.type(await screen.findByLabelText('Message to the assistant'), 'add call mom{Enter}');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The assistant is unavailable right now.');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('checkbox', { name: 'call mom' })).toBeInTheDocument();
    expect(screen.queryByText(/unavailable right now/)).not.toBeInTheDocument();
    // The user's message is shown once, not duplicated by the retry.
    expect(within(screen.getByRole('log')).getAllByText('add call mom')).toHaveLength(1);
  });

  it('loads the history of the latest conversation', async () => {
    const fake = installFakeApi({ signedIn: true });
    fake.messages = [
      { id: 1, role: 'user', content: 'add water plants', tool_calls: [], created_at: '2026-11-24T09:00:00Z' },
      {
        id: 2,
        role: 'assistant',
        content: 'Added “water plants”.',
        tool_calls: [],
        created_at: '2026-11-24T09:00:01Z',
      },
    ];
    renderWorkspace();
    const log = await screen.findByRole('log');
    expect(await within(log).findByText('Added “water plants”.')).toBeInTheDocument();
    expect(within(log).getByText('add water plants')).toBeInTheDocument();
  });

  it('sends a suggestion with one click', async () => {
    const fake = installFakeApi({ signedIn: true });
    const user = userEvent.setup();
    renderWorkspace();
    await user.click(await screen.findByRole('button', { name: 'add buy milk tomorrow' }));
    await screen.findByRole('checkbox', { name: 'buy milk' });
    expect(fake.calls.find((c) => c.path === '/api/chat')?.body).toEqual({
      message: 'add buy milk tomorrow',
      time_zone: browserTimeZone(),
    });
  });
});
