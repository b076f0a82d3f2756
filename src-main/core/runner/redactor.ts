/**
 * Secret redaction for everything a task prints or reports, applied before any byte is written.
 * Two sources: the values of the project's env vars that look like secrets, and well-known key shapes.
 */

// Shapes only match at a token start, so "risk-report-2026" is not mistaken for an `sk-` key.
const START = '(?<![A-Za-z0-9_-])';
/** Known credential shapes (OpenAI, Anthropic, bearer tokens, GitHub, Slack, AWS access keys, Slack/Discord webhook URLs). */
const KEY_SHAPES: readonly RegExp[] = [
  new RegExp(`${START}sk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}`, 'g'),
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g,
  new RegExp(`${START}gh[pousr]_[A-Za-z0-9]{20,}`, 'g'),
  new RegExp(`${START}github_pat_[A-Za-z0-9_]{22,}`, 'g'),
  new RegExp(`${START}xox[abprs]-[A-Za-z0-9-]{10,}`, 'g'),
  new RegExp(`${START}AKIA[0-9A-Z]{16}`, 'g'),
  // Webhook URLs carry their credential in the path (issue 22): Slack's and Discord's, scheme or not.
  /\bhooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{8,}/g,
  /\b(?:discord|discordapp)\.com\/api\/(?:v\d+\/)?webhooks\/\d+\/[A-Za-z0-9._-]{8,}/g,
];
const TOKEN_CHAR = /[A-Za-z0-9._~+/=-]/;

const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSW|PWD|AUTH|CREDENTIAL|PRIVATE|DSN|COOKIE|SESSION|SIGNATURE|SALT)/i;
const MIN_SECRET_LENGTH = 6;

/** The mark that replaces a secret. */
export const REDACTED = '[REDACTED]';

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

/** A value that looks like a generated credential: long, no spaces, high entropy, mixed character classes. */
function looksRandom(v: string): boolean {
  if (v.length < 20 || /\s/.test(v) || /^(\/|\.|~|https?:\/\/[^@]*$)/.test(v)) return false;
  const mixed = /[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v);
  const hex = /^[0-9a-fA-F]{32,}$/.test(v);
  return (mixed || hex) && entropy(v) >= 3.5;
}

/** Whether a value looks like a credential: a known key shape, or long and random-looking. */
export function looksSecret(value: string): boolean {
  const v = value.trim();
  return v.length >= MIN_SECRET_LENGTH && (looksRandom(v) || KEY_SHAPES.some((re) => new RegExp(re.source).test(v)));
}

/** Which env values count as secrets: secret-looking names, known key shapes, or random-looking values. */
export function secretValues(env: Record<string, string>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    const v = value.trim();
    if (v.length < MIN_SECRET_LENGTH) continue;
    if (SECRET_NAME.test(name) || looksSecret(v)) values.add(v);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** A redactor for one run: knows the project's secret values plus the key shapes. */
export interface Redactor {
  /** Text with every secret replaced. */
  redact(text: string): string;
  /** [start, end) spans of secrets in text, sorted and merged. */
  spans(text: string): Array<[number, number]>;
  /** The longest secret value, used to hold back a chunk's tail while streaming. */
  readonly maxSecretLength: number;
}

/** Builds a redactor for the given secret values (their JSON-escaped forms are matched too). */
export function createRedactor(secrets: readonly string[]): Redactor {
  const needles = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    needles.add(s);
    // A secret inside a JSON string is written escaped (quotes, backslashes, control characters).
    needles.add(JSON.stringify(s).slice(1, -1));
  }
  const spans = (text: string): Array<[number, number]> => {
    const found: Array<[number, number]> = [];
    // Each secret is searched on its own, so overlapping secrets are all covered.
    for (const needle of needles) {
      for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) found.push([at, at + needle.length]);
    }
    for (const pattern of KEY_SHAPES) {
      pattern.lastIndex = 0;
      for (const m of text.matchAll(pattern)) found.push([m.index, m.index + m[0].length]);
    }
    found.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const span of found) {
      const last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push([span[0], span[1]]);
    }
    return merged;
  };
  return {
    spans,
    redact(text: string): string {
      const found = spans(text);
      if (found.length === 0) return text;
      let out = '';
      let at = 0;
      for (const [start, end] of found) {
        out += text.slice(at, start) + REDACTED;
        at = end;
      }
      return out + text.slice(at);
    },
    maxSecretLength: Math.max(256, ...[...needles].map((s) => s.length)),
  };
}

/**
 * Streaming redaction: a secret may be split across two chunks, so each chunk's tail (or a secret
 * still running at its end) is held back until the next chunk or the end. Memory stays bounded: a
 * key-shaped run longer than any secret is emitted as redacted and the rest of it is swallowed.
 */
export class RedactingStream {
  private carry = '';
  private swallowing = false;

  constructor(
    private readonly redactor: Redactor,
    private readonly emit: (text: string) => void,
  ) {}

  write(text: string): void {
    let input = text;
    if (this.swallowing) {
      let i = 0;
      while (i < input.length && TOKEN_CHAR.test(input[i] ?? '')) i++;
      input = input.slice(i);
      if (input.length === 0) return;
      this.swallowing = false;
    }
    const all = this.carry + input;
    const limit = this.redactor.maxSecretLength;
    const newline = all.lastIndexOf('\n');
    let cut = newline >= 0 ? newline + 1 : 0;
    // Without a recent newline, still flush all but the longest possible secret so memory stays bounded.
    cut = Math.max(cut, all.length - limit);
    let swallowAfter = false;
    for (const [start, end] of this.redactor.spans(all)) {
      if (start >= cut || end < cut) continue;
      if (end === all.length && end - start > limit) {
        // An endless key-shaped run: redact what we have, swallow its continuation.
        cut = end;
        swallowAfter = true;
      } else {
        // A secret that reaches the cut may continue in the next chunk: keep it whole in the carry.
        cut = start;
      }
    }
    // Never split a surrogate pair between two emits.
    const code = all.charCodeAt(cut - 1);
    if (cut > 0 && cut < all.length && code >= 0xd800 && code <= 0xdbff) cut--;
    if (cut > 0) this.emit(this.redactor.redact(all.slice(0, cut)));
    this.carry = all.slice(cut);
    this.swallowing = swallowAfter;
  }

  end(): void {
    if (this.carry) this.emit(this.redactor.redact(this.carry));
    this.carry = '';
    this.swallowing = false;
  }
}
