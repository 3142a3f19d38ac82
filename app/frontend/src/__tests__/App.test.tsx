import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { installFakeApi } from '../test/fakeApi';

describe('App', () => {
  it('shows the sign-in form when there is no session', async () => {
    installFakeApi();
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toBeInTheDocument();
    expect(screen.getByLabelText('Password')).toBeInTheDocument();
  });

  it('signs up and opens the workspace with the chat and the task list', async () => {
    const fake = installFakeApi();
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Create an account' }));
    expect(screen.getByRole('heading', { name: 'Create your account' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Email'), 'new@example.com');
    await user.type(screen.getByLabelText('Password'), 'longenough');
    await user.click(screen.getByRole('button', { name: 'Sign up' }));

    expect(await screen.findByRole('heading', { name: 'Assistant' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Tasks' })).toBeInTheDocument();
    expect(screen.getByText('new@example.com')).toBeInTheDocument();
    // Keyboard users land in the message field, ready to type.
    expect(screen.getByLabelText('Message to the assistant')).toHaveFocus();
    expect(fake.calls.find((c) => c.path === '/api/auth/signup')?.body).toEqual({
      email: 'new@example.com',
      password: 'longenough',
    });
  });

  it('shows a failed sign-in in place and moves focus to the message', async () => {
    installFakeApi({ signedIn: false });
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong password');
    await user.keyboard('{Enter}');
    const alert = await screen.findByText('Wrong email or password.');
    expect(alert).toHaveAttribute('role', 'alert');
    await expect.poll(() => document.activeElement).toBe(alert);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('signs out back to the sign-in form', async () => {
    installFakeApi({ signedIn: true });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('returns to sign-in with a notice when the session expires', async () => {
    const fake = installFakeApi({ signedIn: true });
    const user = userEvent.setup();
    render(<App />);
    const input = await screen.findByLabelText('Message to the assistant');
    fake.user = null; // the server forgot the session
    await user.type(input, 'hello{Enter}');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByText('Your session ended. Please sign in again.')).toBeInTheDocument();
  });

  it('keeps the page shape while the session is checked', async () => {
    installFakeApi({ signedIn: true });
    const { container } = render(<App />);
    // First paint: the skeleton with both panels, before any data arrives.
    expect(container.querySelectorAll('.card.chat[aria-hidden], .card.tasks[aria-hidden]')).toHaveLength(2);
    expect(within(container).getByRole('status')).toHaveTextContent('Loading');
    await screen.findByRole('heading', { name: 'Tasks' });
  });
});
