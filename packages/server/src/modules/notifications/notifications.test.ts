import { eq } from 'drizzle-orm';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, outbox, users } from '../../db/schema.js';
import { createTestEnv, type TestEnv } from '../../test/harness.js';
import { notify } from '../../shared/notify.js';
import { deliverOutbox, smtpMailer, type Mailer } from './outbox.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

/** A minimal SMTP server on loopback that records what it receives. */
function fakeSmtp(): Promise<{ server: Server; port: number; received: string[] }> {
  const received: string[] = [];
  const server = createServer((socket) => {
    let data = false;
    let buffer = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let i;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (data) {
          if (line === '.') {
            data = false;
            socket.write('250 queued\r\n');
          } else received.push(line);
          continue;
        }
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') socket.write('250 test\r\n');
        else if (cmd === 'DATA') {
          data = true;
          socket.write('354 go\r\n');
        } else if (cmd === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, received })),
  );
}

async function orgOf(code: string) {
  return (await env.database.db.select().from(organisations).where(eq(organisations.code, code)))[0]!.id;
}

describe('notifications and the e-mail outbox', () => {
  it("shows an organisation its notifications only, in the reader's language, and marks them read", async () => {
    const jiangsu = await orgOf('DEPT-320000');
    await env.database.db.transaction((tx) =>
      notify(tx, jiangsu, { kind: 'taskBook.submit', subject: { type: 'taskBook', id: jiangsu }, params: { pilot: '无锡市' } }),
    );
    const province = await env.as('dept-320000.viewer');
    const list = (await province.get('/api/notifications')).json();
    // stored as a code and parameters; the words come from the catalog of the language asked for
    expect(list.items).toMatchObject([{ kind: 'taskBook.submit', params: { pilot: '无锡市' }, title: '无锡市创建任务书：报送' }]);
    const english = (await province.get('/api/notifications', { 'accept-language': 'en' })).json();
    expect(english.items[0].title).toBe('Task book of 无锡市: Submit');
    expect(list.unread).toBe(1);
    expect((await (await env.as('dept-110000.viewer')).get('/api/notifications')).json().items).toEqual([]);
    const id = list.items[0].id;
    expect((await (await env.as('dept-110000.admin')).post(`/api/notifications/${id}/read`)).statusCode).toBe(404);
    expect((await province.post(`/api/notifications/${id}/read`)).statusCode).toBe(200);
    expect((await province.get('/api/notifications?unread=true')).json().items).toEqual([]);
  });

  it('keeps read or unread per user: one colleague reading does not read it for the others', async () => {
    const org = await orgOf('DEPT-350000');
    await env.database.db.transaction((tx) =>
      notify(tx, org, { kind: 'taskBook.submit', subject: { type: 'taskBook', id: org }, params: { pilot: '厦门市' } }),
    );
    const [viewer, reviewer] = [await env.as('dept-350000.viewer'), await env.as('dept-350000.reviewer')];
    const id = (await viewer.get('/api/notifications')).json().items[0].id;
    expect((await viewer.post(`/api/notifications/${id}/read`)).statusCode).toBe(200);
    expect((await viewer.get('/api/notifications')).json()).toMatchObject({ unread: 0, items: [{ id, readAt: expect.any(String) }] });
    expect((await reviewer.get('/api/notifications')).json()).toMatchObject({ unread: 1, items: [{ id, readAt: null }] });
  });

  it('pages the list, filters it by kind of record, counts every unread one and marks all read at once', async () => {
    const org = await orgOf('DEPT-330000');
    // more than a page: 25 task-book notices and 5 of annual reports
    await env.database.db.transaction(async (tx) => {
      for (let i = 0; i < 25; i++)
        await notify(tx, org, { kind: 'taskBook.submit', subject: { type: 'taskBook', id: org }, params: { pilot: `杭州市${i}` } });
      for (let i = 0; i < 5; i++)
        await notify(tx, org, { kind: 'annualReport.submit', subject: { type: 'annualReport', id: org }, params: { pilot: `宁波市${i}` } });
    });
    const reader = await env.as('dept-330000.reviewer');
    const first = (await reader.get('/api/notifications?pageSize=20')).json();
    expect(first).toMatchObject({ total: 30, unread: 30 });
    expect(first.items).toHaveLength(20);
    expect((await reader.get('/api/notifications?pageSize=20&page=2')).json().items).toHaveLength(10);
    // a page past the last still counts the list and the unread; a filter counts its own list, the unread stay all
    expect((await reader.get('/api/notifications?pageSize=20&page=3')).json()).toMatchObject({ items: [], total: 30, unread: 30 });
    const reports = (await reader.get('/api/notifications?type=annualReport')).json();
    expect(reports).toMatchObject({ total: 5, unread: 30 });
    expect(reports.items.every((n: { subjectType: string }) => n.subjectType === 'annualReport')).toBe(true);
    expect((await reader.get('/api/notifications?type=nonsense')).statusCode).toBe(400);
    // ordered by the kind of record either way (annualReport before taskBook), or refused naming the field
    const kinds = async (q: string) =>
      ((await reader.get(`/api/notifications?${q}`)).json().items as { subjectType: string }[]).map((n) => n.subjectType);
    expect(await kinds('sort=type&pageSize=6')).toEqual([...Array(5).fill('annualReport'), 'taskBook']);
    expect(await kinds('sort=-type&pageSize=1')).toEqual(['taskBook']);
    const badSort = await reader.get('/api/notifications?sort=subject');
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().error.field).toBe('sort');
    const all = await reader.post('/api/notifications/read-all');
    expect(all.json()).toEqual({ marked: 30 });
    expect((await reader.get('/api/notifications')).json()).toMatchObject({ unread: 0, total: 30 });
    expect((await reader.get('/api/notifications?unread=true')).json()).toMatchObject({ items: [], unread: 0, total: 0 });
    expect((await reader.get('/api/notifications?unread=false&pageSize=1')).json()).toMatchObject({ unread: 0, total: 30 });
    // for this reader only
    expect((await (await env.as('dept-330000.viewer')).get('/api/notifications')).json().unread).toBe(30);
  });

  it('queues one e-mail per member with an address, sends it through SMTP and records attempts and failures', async () => {
    const org = await orgOf('DEPT-330000');
    await env.database.db.update(users).set({ email: 'reviewer@zjjs.gov.cn' }).where(eq(users.username, 'dept-330000.reviewer'));
    await env.database.db.transaction((tx) =>
      notify(tx, org, { kind: 'taskBook.submit', subject: { type: 'taskBook', id: org }, params: { pilot: '温州市' } }),
    );
    const queued = await env.database.db.select().from(outbox).where(eq(outbox.organisationId, org));
    expect(queued).toMatchObject([{ toAddress: 'reviewer@zjjs.gov.cn', status: 'pending', attempts: 0 }]);

    // an unreachable server: the attempt is recorded and retried later, nothing throws
    const down: Mailer = smtpMailer('smtp://127.0.0.1:1', 'noreply@localhost');
    expect(await deliverOutbox(env.database.db, down, env.clock)).toEqual({ claimed: 1, sent: 0 });
    const [failed] = await env.database.db.select().from(outbox).where(eq(outbox.organisationId, org));
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed!.lastError).toBeTruthy();
    expect(await deliverOutbox(env.database.db, down, env.clock)).toEqual({ claimed: 0, sent: 0 }); // not due yet

    const smtp = await fakeSmtp();
    try {
      env.clock.advance(2 * 60_000);
      const up = smtpMailer(`smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`, 'noreply@localhost');
      expect(await deliverOutbox(env.database.db, up, env.clock)).toEqual({ claimed: 1, sent: 1 });
      const [sent] = await env.database.db.select().from(outbox).where(eq(outbox.organisationId, org));
      expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
      expect(smtp.received.join('\n')).toContain('reviewer@zjjs.gov.cn');
      // the e-mail is written in Chinese from the code (quoted-printable or base64 on the wire: check the queued text)
      expect(queued[0]!.subject).toBe('温州市创建任务书：报送');
    } finally {
      smtp.server.close();
    }
  });

  it('gives up after repeated failures, keeping the record', async () => {
    const org = await orgOf('DEPT-340000');
    await env.database.db.update(users).set({ email: 'x@ahjs.gov.cn' }).where(eq(users.username, 'dept-340000.admin'));
    await env.database.db.transaction((tx) =>
      notify(tx, org, { kind: 'taskBook.submit', subject: { type: 'taskBook', id: org }, params: { pilot: '合肥市' } }),
    );
    const failing: Mailer = { send: async () => Promise.reject(new Error('550 mailbox unavailable')) };
    for (let i = 0; i < 5; i++) {
      await deliverOutbox(env.database.db, failing, env.clock);
      env.clock.advance(3 * 3_600_000);
    }
    const [row] = await env.database.db.select().from(outbox).where(eq(outbox.organisationId, org));
    expect(row).toMatchObject({ status: 'failed', attempts: 5, lastError: '550 mailbox unavailable' });
  });
});
