/** A signed-in user of a server over real HTTP (the crash tests' client): cookies kept, the CSRF token sent. */
export class HttpClient {
  private cookie = '';
  private csrf = '';
  constructor(
    private readonly base: string,
    private readonly password: string,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.send(method, path, {
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
    return { status: res.status, json };
  }

  /** Any request with the session's cookie and CSRF token (e.g. a streamed upload). */
  async send(method: string, path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
    const res = await fetch(this.base + path, {
      ...init,
      method,
      headers: { cookie: this.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrf }), ...init.headers },
    });
    const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    if (set.length)
      this.cookie = [...new Map([...this.cookie.split('; '), ...set].filter(Boolean).map((c) => [c.split('=')[0], c])).values()].join('; ');
    return res;
  }

  async signIn(username: string) {
    const res = await this.request('POST', '/api/session', { username, password: this.password });
    if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status}`);
    this.csrf = res.json.csrfToken;
  }
}
