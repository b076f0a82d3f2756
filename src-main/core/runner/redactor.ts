/**
 * Secret redaction for everything a task prints or reports, applied before any byte is written.
 * Two sources: the values of the project's env vars that look like secrets, and well-known key shapes.
 */

/** Known credential shapes (OpenAI, Anthropic, bearer tokens, GitHub, Slack, AWS access keys). */
const KEY_SHAPES: readonly RegExp[] = [
  /sk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g,
  /Bearer\s+[A-Za-z0-9._~+/=-]{8,}/g,
  /gh[pousr]_[A-Za-z0-9]{20,}/g,
  /xox[abprs]-[A-Za-z0-9-]{10,}/g,
  /AKIA[0-9A-Z]{16}/g,
];

const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSW|PWD|AUTH|CREDENTIAL|PRIVATE|DSN|COOKIE|SESSION|SIGNATURE|SALT)/i;
const MIN_SECRET_LENGTH = 6;

/** The mark that replaces a secret. */
export const REDACTED = '[REDACTED]';

/** Which env values count as secrets: secret-looking names, known key shapes, or long random-looking values. */
export function secretValues(env: Record<string, string>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    const v = value.trim();
    if (v.length < MIN_SECRET_LENGTH) continue;
    const looksRandom = v.length >= 20 && !/\s/.test(v) && /[A-Za-z]/.test(v) && /\d/.test(v) && !/^(\/|\.|~)/.test(v) && !/^https?:\/\/[^@]*$/.test(v);
    if (SECRET_NAME.test(name) || looksRandom || KEY_SHAPES.some((re) => new RegExp(re.source).test(v))) values.add(v);
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

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Builds a redactor for the given secret values. */
export function createRedactor(secrets: readonly string[]): Redactor {
  const patterns = [...KEY_SHAPES];
  if (secrets.length > 0) patterns.unshift(new RegExp(secrets.map(escape).join('|'), 'g'));
  const spans = (text: string): Array<[number, number]> => {
    const found: Array<[number, number]> = [];
    for (const pattern of patterns) {
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
    maxSecretLength: Math.max(256, ...secrets.map((s) => s.length)),
  };
}

/**
 * Streaming redaction: a secret may be split across two chunks, so each chunk's tail (or a secret
 * still running at its end) is held back until the next chunk or the end.
 */
export class RedactingStream {
  private carry = '';

  constructor(
    private readonly redactor: Redactor,
    private readonly emit: (text: string) => void,
  ) {}

  write(text: string): void {
    const all = this.carry + text;
    const newline = all.lastIndexOf('\n');
    let cut = newline >= 0 ? newline + 1 : 0;
    // Without a recent newline, still flush all but the longest possible secret so memory stays bounded.
    cut = Math.max(cut, all.length - this.redactor.maxSecretLength);
    for (const [start, end] of this.redactor.spans(all)) {
      // A secret that reaches the end may continue in the next chunk: keep it whole in the carry.
      if (start < cut && end >= cut) cut = start;
    }
    if (cut > 0) this.emit(this.redactor.redact(all.slice(0, cut)));
    this.carry = all.slice(cut);
  }

  end(): void {
    if (this.carry) this.emit(this.redactor.redact(this.carry));
    this.carry = '';
  }
}
