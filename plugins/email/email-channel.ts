import nodemailer, { type Transporter } from 'nodemailer';
import { z } from 'zod';
import type { AlertMessage } from '../../src-main/common/alerts';
import type { ChannelPlugin } from '../../src-main/common/plugins';
import { CHANNEL_NAME, ENV_NAME } from '../shared/channel-entry';
import { plainMessage } from '../shared/message-text';
import { requireSecret } from '../shared/missing-secret';
import { ChannelError } from '../shared/post-json';

const ADDRESS = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, { message: 'expected an email address such as me@example.com' });

const entry = z
  .object({
    kind: z.literal('email'),
    name: CHANNEL_NAME,
    to: z.union([ADDRESS, z.array(ADDRESS).min(1)]).transform((v) => (Array.isArray(v) ? v : [v])),
    from: z.string().min(3),
    /** The SMTP server as a URL with its credentials (smtps://user:pass@smtp.example.com:465), by its variable name. */
    smtp_url_env: ENV_NAME,
  })
  .strict();
type EmailEntry = z.output<typeof entry>;

/** The mail a message becomes: a subject line and a plain-text body. */
export function emailContent(message: AlertMessage): { subject: string; text: string; priority: 'high' | 'normal' | 'low' } {
  const { title, body } = plainMessage(message, 20_000);
  return {
    subject: `[Agent OS] ${title}`.replace(/[\r\n]+/g, ' ').slice(0, 200),
    text: `${title}\n\n${body}\n`,
    priority: message.level === 'critical' ? 'high' : message.level === 'info' ? 'low' : 'normal',
  };
}

/** SMTP errors can quote the server's URL; its password is cut out before the message is recorded. */
function withoutCredentials(text: string, smtpUrl: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(smtpUrl).password);
  } catch {
    password = '';
  }
  return password ? text.split(password).join('[redacted]') : text;
}

/** Email over SMTP with nodemailer (TLS, AUTH and the SMTP dialogue are its job, not ours). */
export const emailPlugin: ChannelPlugin<EmailEntry> = {
  kind: 'email',
  entry,
  identity: (e) => `${e.to.join(',')} ${e.from} ${e.smtp_url_env}`,
  secretNames: (e) => [e.smtp_url_env],
  create: (e, { id, secret }) => ({
    id,
    kind: 'email',
    name: e.name ?? null,
    target: e.to.join(', '),
    send: async (message, signal) => {
      const smtpUrl = requireSecret(secret(e.smtp_url_env), e.smtp_url_env, 'Email');
      let transport: Transporter;
      try {
        transport = nodemailer.createTransport(smtpUrl);
      } catch (error) {
        throw new ChannelError(
          `Email: ${e.smtp_url_env} is not an SMTP URL such as smtps://user:pass@smtp.example.com:465 (${withoutCredentials(String((error as Error).message), smtpUrl)})`,
        );
      }
      const abort = (): void => transport.close();
      signal.addEventListener('abort', abort, { once: true });
      try {
        await transport.sendMail({ from: e.from, to: e.to, ...emailContent(message) });
      } catch (error) {
        const reason = signal.aborted ? 'no answer before the timeout' : withoutCredentials((error as Error).message, smtpUrl);
        throw new ChannelError(`Email could not be sent: ${reason}`);
      } finally {
        signal.removeEventListener('abort', abort);
        transport.close();
      }
    },
  }),
};
