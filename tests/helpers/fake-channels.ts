// Real local servers speaking the wire formats of the notification services Agent OS sends to: the Telegram
// Bot API (sendMessage), Pushover's messages API, an ntfy server, and an SMTP server (the smtp-server package,
// nodemailer's own counterpart). Each records what arrived and answers as the service documents, errors included.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One request as a fake service received it. */
export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
}

/** A running fake service. */
export interface FakeService {
  base: string;
  received: Received[];
  /** The next answers, in order, before the service's normal behaviour resumes: [status, JSON body]. */
  queue(...answers: Array<[number, unknown]>): void;
  close(): Promise<void>;
}

type Handler = (r: Received) => [number, unknown];

async function serve(handle: Handler): Promise<FakeService> {
  const received: Received[] = [];
  const queued: Array<[number, unknown]> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { path: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      const [status, body] = queued.shift() ?? handle(r);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    queue: (...answers) => queued.push(...answers),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The Bot API: POST /bot<token>/sendMessage with a JSON body; 401 for a wrong token, 400 for an unknown chat. */
export function fakeTelegram(token: string, chatId: string): Promise<FakeService> {
  return serve((r) => {
    if (r.path !== `/bot${token}/sendMessage`) return [401, { ok: false, error_code: 401, description: 'Unauthorized' }];
    const body = JSON.parse(r.raw) as { chat_id?: unknown; text?: unknown };
    if (String(body.chat_id) !== chatId) return [400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' }];
    const date = Math.floor(Date.now() / 1000);
    return [
      200,
      {
        ok: true,
        result: {
          message_id: 4711,
          from: { id: 1, is_bot: true, first_name: 'Agent OS' },
          chat: { id: Number(chatId), type: 'private' },
          date,
          text: body.text,
        },
      },
    ];
  });
}

/** Telegram's answer when a bot sends too fast. */
export const TELEGRAM_TOO_MANY: [number, unknown] = [
  429,
  { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } },
];

/** Pushover: POST /1/messages.json, form-encoded; its documented 400 answers name the bad field. */
export function fakePushover(token: string, user: string): Promise<FakeService> {
  return serve((r) => {
    const form = new URLSearchParams(r.raw);
    const request = '5042853c-402d-4a18-abcb-168734a801de';
    if (form.get('token') !== token) return [400, { token: 'invalid', errors: ['application token is invalid'], status: 0, request }];
    if (form.get('user') !== user)
      return [400, { user: 'invalid', errors: ['user identifier is not a valid user, group, or subscribed user key'], status: 0, request }];
    if (!form.get('message')) return [400, { message: 'cannot be blank', errors: ['message cannot be blank'], status: 0, request }];
    return [200, { status: 1, request }];
  });
}

/** An ntfy server: POST /<topic>; with `token`, the topic is protected (403 without the right Bearer token). */
export function fakeNtfy(token?: string): Promise<FakeService> {
  return serve((r) => {
    if (token && r.headers.authorization !== `Bearer ${token}`)
      return [403, { code: 40301, http: 403, error: 'forbidden', link: 'https://ntfy.sh/docs/publish/#authentication' }];
    const topic = r.path.slice(1);
    return [
      200,
      { id: 'sPs5ZfLqKvGz', time: Math.floor(Date.now() / 1000), expires: Math.floor(Date.now() / 1000) + 43_200, event: 'message', topic, message: r.raw },
    ];
  });
}

/** A mail as the SMTP server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A running SMTP server that requires AUTH (PLAIN/LOGIN) with one user. */
export interface FakeSmtp {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export async function fakeSmtp(user: string, password: string): Promise<FakeSmtp> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to make; nodemailer does not ask for STARTTLS that is not offered.
    secure: false,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
