import { describe, expect, it, vi } from 'vitest';
import * as api from '../api';
import { installFakeApi } from '../test/fakeApi';
import { browserTimeZone } from '../timeZone';

/** Makes the browser report `zone` (only resolvedOptions: formatting stays real). */
function browserZone(zone: string) {
  vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockReturnValue({
    timeZone: zone,
  } as Intl.ResolvedDateTimeFormatOptions);
}

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
    browserZone('Europe/Paris');
    await api.sendChat('hello');
    expect(fake.calls.at(-1)!.body).toEqual({ message: 'hello', time_zone: 'Europe/Paris' });
    await api.sendChat('again', 900);
    expect(fake.calls.at(-1)!.body).toEqual({ message: 'again', conversation_id: 900, time_zone: 'Europe/Paris' });
  });

  it("sends the browser's time zone, in which the server takes the chat's 'tomorrow'", async () => {
    const fake = installFakeApi({ signedIn: true });
    vi.setSystemTime(new Date('2026-11-24T11:00:00Z')); // already the 25th at UTC+14, still the 24th at UTC-11
    browserZone('Pacific/Kiritimati');
    await api.sendChat('add early bird tomorrow');
    browserZone('Pacific/Pago_Pago');
    await api.sendChat('add night owl tomorrow');
    expect(fake.tasks.map((t) => [t.title, t.due_date])).toEqual([
      ['early bird', '2026-11-26'],
      ['night owl', '2026-11-25'],
    ]);
  });

  it('sends no time zone when the browser cannot tell, and asks again without one the server does not know', async () => {
    const fake = installFakeApi({ signedIn: true });
    browserZone('');
    await api.sendChat('hello');
    expect(fake.calls.at(-1)!.body).toEqual({ message: 'hello' });

    browserZone('Mars/Olympus_Mons'); // e.g. a zone newer than the server's database
    const reply = await api.sendChat('add water plants');
    expect(reply.tool_calls.map((c) => c.name)).toEqual(['add_task']);
    const chats = fake.calls.filter((c) => c.path === '/api/chat').slice(1);
    expect(chats.map((c) => c.body)).toEqual([
      { message: 'add water plants', time_zone: 'Mars/Olympus_Mons' },
      { message: 'add water plants' },
    ]);
    expect(fake.tasks).toHaveLength(1); // the refused request changed nothing
  });

  it('restores a deleted task for 24 hours, then answers 404 with a message', async () => {
    const fake = installFakeApi({ signedIn: true });
    const milk = fake.addTask('buy milk');
    await api.deleteTask(milk.id);
    expect(fake.tasks).toEqual([]);
    const restored = await api.restoreTask(milk.id);
    expect(restored).toMatchObject({ id: milk.id, title: 'buy milk' });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'POST', path: `/api/tasks/${milk.id}/restore`, body: undefined });
    expect(fake.tasks.map((t) => t.title)).toEqual(['buy milk']);

    await api.deleteTask(milk.id);
    vi.setSystemTime(new Date(Date.now() + 24 * 60 * 60 * 1000));
    await expect(api.restoreTask(milk.id)).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });

  it("numbers each user's tasks from 1", async () => {
    const fake = installFakeApi();
    await api.signUp('ada@example.com', 'longenough');
    expect((await api.createTask({ title: 'a' })).id).toBe(1);
    await api.signUp('bob@example.com', 'longenough');
    expect((await api.createTask({ title: 'b' })).id).toBe(1);
    expect(fake.tasks.map((t) => t.title)).toEqual(['b']);
  });
});

describe('browserTimeZone', () => {
  it("returns the runtime's IANA zone", () => {
    expect(browserTimeZone(() => ({ timeZone: 'America/Los_Angeles' }))).toBe('America/Los_Angeles');
    expect(browserTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone || undefined);
  });

  it('returns undefined when the runtime cannot tell', () => {
    expect(browserTimeZone(() => ({ timeZone: '' }))).toBeUndefined();
    expect(browserTimeZone(() => ({}))).toBeUndefined();
    expect(
      browserTimeZone(() => {
        throw new TypeError('Intl is not available');
      }),
    ).toBeUndefined();
  });
});
