// Streaming redaction: secrets are replaced before any byte is written, wherever a chunk boundary falls,
// and without holding unbounded output in memory (SPEC §4).
import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED, RedactingStream, secretValues } from '../../src-main/core/runner/redactor';

const SECRET = 'tok_9f8e7d6c5b4a3f2e1d0c';

/** Feeds chunks through a RedactingStream and returns what it emitted, before and after end(). */
function stream(secrets: readonly string[], chunks: readonly string[]): { beforeEnd: string; all: string } {
  let out = '';
  const s = new RedactingStream(createRedactor(secrets), (text) => (out += text));
  for (const chunk of chunks) s.write(chunk);
  const beforeEnd = out;
  s.end();
  return { beforeEnd, all: out };
}

describe('streaming redaction', () => {
  it('redacts a secret wherever a chunk boundary splits it', () => {
    const text = `login with ${SECRET} now\n`;
    for (let cut = 1; cut < text.length; cut++) {
      const { all } = stream([SECRET], [text.slice(0, cut), text.slice(cut)]);
      expect(all, `cut at ${cut}`).toBe(`login with ${REDACTED} now\n`);
    }
  });

  it('redacts a secret that arrives one character at a time', () => {
    const { all } = stream([SECRET], [...`a ${SECRET} b\n`]);
    expect(all).toBe(`a ${REDACTED} b\n`);
  });

  it('redacts a known key shape split across chunks', () => {
    const key = 'sk-ant-api03-ZyXwVu9876543210TsRqPo';
    const { all } = stream([], ['key=sk-ant-api0', '3-ZyXwVu98765', '43210TsRqPo\n']);
    expect(all).toBe(`key=${REDACTED}\n`);
    expect(all).not.toContain(key.slice(0, 10));
  });

  it('passes complete lines through at once, so live tails stay live', () => {
    const { beforeEnd } = stream([SECRET], ['first line\nsecond line\n']);
    expect(beforeEnd).toBe('first line\nsecond line\n');
  });

  it('flushes long output without newlines as it goes, holding back at most a secret-sized tail', () => {
    const chunk = 'x'.repeat(64 * 1024);
    const chunks = Array.from({ length: 64 }, () => chunk);
    const { beforeEnd, all } = stream([SECRET], chunks);
    const total = chunk.length * chunks.length;
    expect(all.length).toBe(total);
    expect(total - beforeEnd.length).toBeLessThanOrEqual(createRedactor([SECRET]).maxSecretLength);
  });
});

describe('what counts as a secret', () => {
  it('redacts the known key shapes even when no env file names them', () => {
    const redactor = createRedactor([]);
    const text = 'a sk-abcdefghijklmnop1234 b sk-proj-AbCdEf0123456789GhIj c sk-ant-api03-xyzXYZ0123456789 d Authorization: Bearer abc.def-123_456';
    const redacted = redactor.redact(text);
    expect(redacted).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d Authorization: ${REDACTED}`);
  });

  it('treats env values with secret-like names or random-looking values as secrets, and plain settings not', () => {
    const values = secretValues({
      DB_PASSWORD: 'p@ss.w*rd+(x)',
      STRIPE_SECRET: 'hunter22',
      SESSION_ID_SEED: 'Zq8vN3mK7pL2wX9rT4yB6cH1',
      LOG_LEVEL: 'info',
      REGION: 'eu-north-1',
      DATA_DIR: '/usr/local/share/agent-os/data/2026',
      SHORT_TOKEN: 'abc',
    });
    expect(values).toEqual(expect.arrayContaining(['p@ss.w*rd+(x)', 'hunter22', 'Zq8vN3mK7pL2wX9rT4yB6cH1']));
    expect(values).not.toContain('info');
    expect(values).not.toContain('eu-north-1');
    expect(values).not.toContain('/usr/local/share/agent-os/data/2026');
  });

  it('redacts secret values that contain regular-expression characters literally', () => {
    const redactor = createRedactor(secretValues({ DB_PASSWORD: 'p@ss.w*rd+(x)' }));
    expect(redactor.redact('pw=p@ss.w*rd+(x); other=pXss.wwrd+(x)')).toBe(`pw=${REDACTED}; other=pXss.wwrd+(x)`);
  });
});

describe('webhook URLs', () => {
  // Shapes as Slack and Discord document them (api.slack.com/messaging/webhooks, discord.com/developers/docs/resources/webhook).
  const SLACK = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';
  const DISCORD = 'https://discord.com/api/webhooks/1234567890123456789/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdefgh';

  it('redacts Slack and Discord webhook URLs a task prints, wherever a chunk boundary falls', () => {
    const text = `posting to ${SLACK} and ${DISCORD}\n`;
    for (let cut = 1; cut < text.length; cut += 7) {
      const { all } = stream([], [text.slice(0, cut), text.slice(cut)]);
      expect(all, `cut at ${cut}`).not.toContain('XXXXXXXXXXXXXXXX');
      expect(all, `cut at ${cut}`).not.toContain('AbCdEfGhIjKl');
    }
    expect(stream([], [text]).all).toBe(`posting to https://${REDACTED} and https://${REDACTED}\n`);
  });

  it('leaves the bare hosts alone, and counts a webhook URL in an env file as a secret', () => {
    expect(stream([], ['see https://hooks.slack.com/ and https://discord.com/api/ for docs\n']).all).toBe(
      'see https://hooks.slack.com/ and https://discord.com/api/ for docs\n',
    );
    expect(secretValues({ NOTIFY_URL: DISCORD })).toEqual([DISCORD]);
  });
});
