import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED, RedactingStream, secretValues, type Redactor } from '../../src-main/core/runner/redactor';

const OPENAI_KEY = 'sk-abcdEFGH1234ijklMNOP5678qrst';
const OPENAI_PROJECT_KEY = 'sk-proj-Xy12Ab34Cd56Ef78Gh90Ij12Kl34Mn56';
const ANTHROPIC_KEY = 'sk-ant-api03-Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0-AAAA';
const BEARER = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl';
const ENV_SECRET = 'Zq9xLm2Pw8Rt5Vb1';

/** Feeds chunks through a RedactingStream and returns what it emitted, piece by piece. */
function stream(redactor: Redactor, chunks: readonly string[]): string[] {
  const out: string[] = [];
  const s = new RedactingStream(redactor, (text) => out.push(text));
  for (const chunk of chunks) s.write(chunk);
  s.end();
  return out;
}

describe('secretValues', () => {
  it('picks values of variables whose names say they are secret', () => {
    const found = secretValues({
      OPENAI_API_KEY: 'plain-looking-value',
      DB_PASSWORD: 'correcthorse',
      GITHUB_TOKEN: 'hello there',
      SENTRY_DSN: 'https://abc@sentry.io/1',
    });
    expect(found).toEqual(expect.arrayContaining(['plain-looking-value', 'correcthorse', 'hello there', 'https://abc@sentry.io/1']));
    expect(found).toHaveLength(4);
  });

  it('picks values with a known key shape whatever the variable is called', () => {
    // No digits, so only the shape can make it a secret.
    expect(secretValues({ UPSTREAM: 'sk-abcdefghijklmnopqrstuv' })).toEqual(['sk-abcdefghijklmnopqrstuv']);
    expect(secretValues({ UPSTREAM: 'xoxb-abcdefghijklmnop' })).toEqual(['xoxb-abcdefghijklmnop']);
  });

  it('picks long random-looking values whatever the variable is called', () => {
    expect(secretValues({ X_VALUE: 'q8Zr2LmV9tXw4Kp7Ns1BcD' })).toEqual(['q8Zr2LmV9tXw4Kp7Ns1BcD']);
  });

  it('leaves ordinary values alone: paths, short values, levels, ports and plain URLs', () => {
    expect(
      secretValues({
        LOG_LEVEL: 'info',
        PORT: '8080',
        HOME: '/home/erik/projects/cortana-2024',
        DATA_DIR: './data/exports/2024-11',
        CACHE: '~/cache/cortana/v2-2024',
        API_URL: 'https://api.example.com/v1/items42',
        API_KEY: 'abc',
        GREETING: 'hello world from the 2024 release',
      }),
    ).toEqual([]);
  });

  it('does not take an ordinary model name or timestamp for a secret', () => {
    // BUG: the "random-looking" heuristic only asks for >= 20 chars with a letter and a digit, so these
    // ordinary values are redacted from every log and from every output line (e.g. a cost line's model).
    expect(secretValues({ OPENAI_MODEL: 'gpt-4o-mini-2024-07-18', START_AT: '2026-11-20T00:00:00Z' })).toEqual([]);
  });

  it('lists longer secrets first so a secret that contains another is redacted whole', () => {
    expect(secretValues({ A_TOKEN: 'abcdef', B_TOKEN: 'abcdefghijkl' })).toEqual(['abcdefghijkl', 'abcdef']);
    const redactor = createRedactor(secretValues({ A_TOKEN: 'abcdef', B_TOKEN: 'abcdefghijkl' }));
    expect(redactor.redact('x abcdefghijkl y')).toBe(`x ${REDACTED} y`);
  });

  it('counts a value shared by two variables once', () => {
    expect(secretValues({ A_KEY: ENV_SECRET, B_KEY: ENV_SECRET })).toEqual([ENV_SECRET]);
  });
});

describe('createRedactor', () => {
  it('redacts every occurrence of an env secret', () => {
    const redactor = createRedactor([ENV_SECRET]);
    expect(redactor.redact(`key=${ENV_SECRET} again ${ENV_SECRET}.`)).toBe(`key=${REDACTED} again ${REDACTED}.`);
  });

  it('treats regex characters in a secret literally', () => {
    const redactor = createRedactor(['pa$$w0rd.+*(x']);
    expect(redactor.redact('p=pa$$w0rd.+*(x;')).toBe(`p=${REDACTED};`);
    expect(redactor.redact('p=paXXw0rdAAAAx;')).toBe('p=paXXw0rdAAAAx;');
  });

  it.each([
    ['an OpenAI key', OPENAI_KEY],
    ['an OpenAI project key', OPENAI_PROJECT_KEY],
    ['an Anthropic key', ANTHROPIC_KEY],
    ['a bearer token', BEARER],
  ])('redacts %s it was never told about', (_label, secret) => {
    const redactor = createRedactor([]);
    const out = redactor.redact(`calling api with ${secret} now`);
    expect(out).toBe(`calling api with ${REDACTED} now`);
  });

  it('leaves ordinary text untouched', () => {
    const redactor = createRedactor([ENV_SECRET]);
    const text = 'fetched 42 rows from https://api.example.com/v1 in 1.2s; Bearer auth ok\n';
    expect(redactor.redact(text)).toBe(text);
  });

  it('leaves words that merely contain "sk-" alone', () => {
    // BUG: the sk- shape has no word boundary, so "risk-assessment-…" and "task-management-…" are
    // redacted to "ri[REDACTED]" / "ta[REDACTED]".
    const redactor = createRedactor([]);
    const text = 'running risk-assessment-2026-11-20 for task-management-dashboard';
    expect(redactor.redact(text)).toBe(text);
  });

  it('redacts both of two secrets that overlap in the text', () => {
    // BUG: one alternation regex consumes "abcdef" and resumes after it, so the tail "ghi" of the
    // overlapping secret "defghi" is left in the output.
    const redactor = createRedactor(['abcdef', 'defghi']);
    expect(redactor.spans('xxabcdefghixx')).toEqual([[2, 11]]);
    expect(redactor.redact('xxabcdefghixx')).toBe(`xx${REDACTED}xx`);
  });
});

describe('RedactingStream', () => {
  const cases: Array<[string, string, readonly string[]]> = [
    ['an env secret', ENV_SECRET, [ENV_SECRET]],
    ['an OpenAI key', OPENAI_KEY, []],
    ['an OpenAI project key', OPENAI_PROJECT_KEY, []],
    ['an Anthropic key', ANTHROPIC_KEY, []],
    ['a bearer token', BEARER, []],
  ];

  it.each(cases)('redacts %s split across two chunks at every position', (_label, secret, secrets) => {
    const redactor = createRedactor(secrets);
    const text = `line one\nusing ${secret} for the call\nline three\n`;
    const expected = `line one\nusing ${REDACTED} for the call\nline three\n`;
    for (let i = 0; i <= text.length; i++) {
      const out = stream(redactor, [text.slice(0, i), text.slice(i)]).join('');
      expect(out, `split at ${i}`).toBe(expected);
    }
  });

  it.each(cases)('redacts %s split across three chunks at every pair of positions', (_label, secret, secrets) => {
    const redactor = createRedactor(secrets);
    const text = `a ${secret} b ${secret}`;
    const expected = `a ${REDACTED} b ${REDACTED}`;
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) {
        const out = stream(redactor, [text.slice(0, i), text.slice(i, j), text.slice(j)]).join('');
        expect(out, `split at ${i} and ${j}`).toBe(expected);
      }
    }
  });

  it('redacts a secret fed one character at a time', () => {
    const redactor = createRedactor([ENV_SECRET]);
    const text = `x${ENV_SECRET}y\n${ENV_SECRET}`;
    const out = stream(redactor, [...text]);
    expect(out.join('')).toBe(`x${REDACTED}y\n${REDACTED}`);
    for (const piece of out) expect(piece).not.toContain(ENV_SECRET.slice(0, 4));
  });

  it('passes output without secrets through byte for byte', () => {
    const redactor = createRedactor([ENV_SECRET]);
    const text = 'héllo wörld ✓ 😀\r\n\ttabs and "quotes"\n\nno newline at the end';
    for (let i = 0; i <= text.length; i += 3) {
      expect(stream(redactor, [text.slice(0, i), text.slice(i)]).join('')).toBe(text);
    }
  });

  it('keeps only a bounded carry for a long line without a newline', () => {
    const redactor = createRedactor([ENV_SECRET]);
    const out: string[] = [];
    const s = new RedactingStream(redactor, (text) => out.push(text));
    const chunk = 'abcdefghij'.repeat(100);
    for (let i = 0; i < 1000; i++) s.write(chunk);
    const emitted = out.join('').length;
    expect(emitted).toBeGreaterThanOrEqual(1_000_000 - redactor.maxSecretLength);
    s.end();
    expect(out.join('')).toBe(chunk.repeat(1000));
  });

  it('still redacts a secret in the middle of a long line without a newline', () => {
    const redactor = createRedactor([ENV_SECRET]);
    const text = 'x'.repeat(5000) + ENV_SECRET + 'y'.repeat(5000);
    for (const size of [7, 100, 997]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(stream(redactor, chunks).join('')).toBe('x'.repeat(5000) + REDACTED + 'y'.repeat(5000));
    }
  });

  it('does not hold a never-ending key-shaped run in memory until the end', () => {
    // BUG: a span that reaches the end of the buffer is always carried whole, so "sk-" followed by an
    // endless run of [A-Za-z0-9_-] (or "Bearer " + base64) is held in memory, and re-scanned on every
    // chunk, until the process ends.
    const redactor = createRedactor([]);
    const out: string[] = [];
    const s = new RedactingStream(redactor, (text) => out.push(text));
    s.write('sk-');
    for (let i = 0; i < 100; i++) s.write('a'.repeat(1000));
    expect(out.length).toBeGreaterThan(0);
    s.end();
    expect(out.join('')).not.toContain('sk-aaaaaaaaaaaaaaaa');
  });

  it('never splits a character in two when it flushes part of a long line', () => {
    // BUG: the bounded flush cuts at a UTF-16 index, so a surrogate pair can be split across two emits;
    // each emit is UTF-8-encoded on its own by the log writer and the emoji becomes two U+FFFD.
    const redactor = createRedactor([]);
    // Chunks end on whole characters, as the runner's StringDecoder delivers them; the mix of one- and
    // two-unit characters puts the flush point inside an emoji sooner or later.
    const text = '😀😀😀x'.repeat(300);
    const chars = [...text];
    const chunks: string[] = [];
    for (let i = 0; i < chars.length; i += 19) chunks.push(chars.slice(i, i + 19).join(''));
    const bytes = Buffer.concat(stream(redactor, chunks).map((piece) => Buffer.from(piece, 'utf8')));
    expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
  });
});
