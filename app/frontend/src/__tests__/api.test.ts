import { describe, expect, it, vi } from 'vitest';
import * as api from '../api';
import { installFakeApi } from '../test/fakeApi';

describe('api', () => {
  it('calls the relative /api path with the session cookie and a JSON body', async () => {
    const fake = installFakeApi({ signedIn: true });
    await api.createTask({ title: 'buy milk', due_date: '2026-11-25' });
    const call = fake.calls.at(-1)!;
    expect(call).toMatchObject({ method: 'POST', path: '/api/tasks', credentials: 'same-origin' });
    expect(call.body).toEqual({ title: 'buy milk', due_date: '2026-11-25' });
    const init = fake.fetch.mock.calls.at(-1)![1] as RequestInit;
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('turns the error body into an ApiError with the server message', async () => {
    installFakeApi();
    const e = await api.signIn('nobody@example.com', 'whatever1').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(api.ApiError);
    expect(e).toMatchObject({ status: 401, code: 'unauthorized', message: 'Wrong email or password.' });
  });

  it('reports no user, not an error, when there is no session', async () => {
    installFakeApi();
    await expect(api.me()).resolves.toBeNull();
  });

  it('gives a readable message when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(api.listTasks()).rejects.toMatchObject({ status: 0, message: expect.stringMatching(/cannot reach/i) });
  });

  it('falls back to a plain message when a proxy answers without the error shape', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('<html>Bad Gateway</html>', { status: 502 })));
    await expect(api.listTasks()).rejects.toMatchObject({
      status: 502,
      message: expect.stringMatching(/not reachable/i),
    });
  });

  it('sends conversation_id only when continuing a conversation', async () => {
    const fake = installFakeApi({ signedIn: true });
    await api.sendChat('hello');
    expect(fake.calls.at(-1)!.body).toEqual({ message: 'hello' });
    await api.sendChat('again', 900);
    expect(fake.calls.at(-1)!.body).toEqual({ message: 'again', conversation_id: 900 });
  });
});
