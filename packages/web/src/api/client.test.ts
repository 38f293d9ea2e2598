import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, setApiLang, setCsrfToken } from './client';

function stubFetch(status: number, body: unknown) {
  const fetchMock = vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
const firstCall = (mock: ReturnType<typeof stubFetch>) => mock.mock.calls[0] as unknown as [string, RequestInit];
const headersOf = (mock: ReturnType<typeof stubFetch>) => firstCall(mock)[1].headers as Record<string, string>;

afterEach(() => {
  vi.unstubAllGlobals();
  setApiLang('zh-CN');
  setCsrfToken(null);
});

describe('request()', () => {
  it('sends the language, skips empty query values and leaves GETs without a CSRF header', async () => {
    setCsrfToken('token');
    setApiLang('en');
    const fetchMock = stubFetch(200, { items: [], total: 0 });
    await request('/api/pilots', { query: { province: '320000', kind: undefined, q: '' } });
    expect(firstCall(fetchMock)[0]).toBe('/api/pilots?province=320000');
    expect(headersOf(fetchMock)).toMatchObject({ 'Accept-Language': 'en' });
    expect(headersOf(fetchMock)['x-csrf-token']).toBeUndefined();
  });

  it('adds the CSRF token to writes', async () => {
    setCsrfToken('token');
    const fetchMock = stubFetch(200, {});
    await request('/api/pilots/x', { method: 'PATCH', body: { note: null } });
    expect(headersOf(fetchMock)).toMatchObject({ 'x-csrf-token': 'token', 'Content-Type': 'application/json' });
  });

  it('turns error JSON into an ApiError with code, field and the server message', async () => {
    stubFetch(409, { error: { code: 'stale_version', message: '记录已被他人修改', field: 'version' } });
    const err = await request('/api/pilots/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'stale_version', field: 'version', message: '记录已被他人修改' });
  });
});
