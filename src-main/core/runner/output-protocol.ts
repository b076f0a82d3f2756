import type { RunOutputs } from '../db/outputs-repo';
import { parseNotify, type NotifyInput } from '../messages/notify-input';
import { boundedLines, NotRegularFileError, type BoundedLine } from './bounded-lines';
import type { Redactor } from './redactor';
import { formatSize } from '../size';

// A task's output file is read line by line; these bound what one run may store.
const MAX_LINES = 100_000;
const MAX_LINE_BYTES = 1024 * 1024;
const MAX_PROBLEMS_SHOWN = 3;

/** What a run reported, plus readable notes on the lines that could not be used. */
export interface ParsedOutput extends RunOutputs {
  /** Messages for the project's channels (`{"type":"notify",…}` lines), checked. */
  messages: NotifyInput[];
  problems: string[];
}

/**
 * Reads the AGENT_OS_OUTPUT JSON-lines file (SPEC §4). Every line is redacted before it is parsed, so a
 * secret a task puts into a result never reaches the database. Bad lines are reported, never fatal.
 */
export async function readOutputFile(path: string, redactor: Redactor, today: string): Promise<ParsedOutput> {
  const out: ParsedOutput = { results: [], costs: [], metrics: [], messages: [], problems: [] };
  const keyed = new Map<string, number>();
  const problems: string[] = [];
  let lineNo = 0;
  // A missing file means the task reported nothing.
  for await (const raw of refusingOddFiles(boundedLines(path, MAX_LINE_BYTES), problems)) {
    lineNo++;
    if (lineNo > MAX_LINES) {
      problems.push(`more than ${MAX_LINES} lines; the rest was ignored`);
      break;
    }
    if ('droppedBytes' in raw) {
      problems.push(`line ${lineNo} is ${formatSize(raw.droppedBytes)}, over the 1 MB limit for a line, and was ignored`);
      continue;
    }
    const line = raw.text.trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(redactor.redact(line));
    } catch {
      problems.push(`line ${lineNo} is not JSON`);
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`line ${lineNo} is not a JSON object`);
      continue;
    }
    const { type, ...rest } = value as Record<string, unknown>;
    if (type === 'result') {
      const { key, ...data } = rest;
      if (key === undefined || key === null) {
        out.results.push({ key: null, data });
      } else {
        const k = String(key);
        // Within one run a repeated key keeps its last value, as the database would.
        const at = keyed.get(k);
        if (at !== undefined) out.results[at] = { key: k, data };
        else keyed.set(k, out.results.push({ key: k, data }) - 1);
      }
    } else if (type === 'cost' || (type === undefined && typeof rest.usd === 'number')) {
      // A line without a type but with `usd` is a cost line (the shape SPEC §5 gives costs.command).
      const usd = Number(rest.usd);
      if (!Number.isFinite(usd) || usd < 0) {
        problems.push(`line ${lineNo}: a cost needs "usd" as a non-negative number`);
        continue;
      }
      const day = typeof rest.date === 'string' && /^\d{4}-\d\d-\d\d$/.test(rest.date) ? rest.date : today;
      out.costs.push({ usd, provider: str(rest.provider), model: str(rest.model), day, line: lineNo });
    } else if (type === 'metric') {
      const metricValue = Number(rest.value);
      if (typeof rest.name !== 'string' || !Number.isFinite(metricValue)) {
        problems.push(`line ${lineNo}: a metric needs "name" (text) and "value" (number)`);
        continue;
      }
      out.metrics.push({ name: rest.name, value: metricValue });
    } else if (type === 'notify') {
      const message = parseNotify(rest);
      if ('error' in message) problems.push(`line ${lineNo}: ${message.error}`);
      else out.messages.push(message);
    } else {
      problems.push(`line ${lineNo} has unknown type ${JSON.stringify(type)} (expected result, cost, metric or notify)`);
    }
  }
  out.problems =
    problems.length > MAX_PROBLEMS_SHOWN ? [...problems.slice(0, MAX_PROBLEMS_SHOWN), `and ${problems.length - MAX_PROBLEMS_SHOWN} more`] : problems;
  return out;
}

/** The lines, ending with a problem instead of an error when the file is not a regular file. */
async function* refusingOddFiles(lines: AsyncGenerator<BoundedLine>, problems: string[]): AsyncGenerator<BoundedLine> {
  try {
    yield* lines;
  } catch (error) {
    if (!(error instanceof NotRegularFileError)) throw error;
    problems.push('the file is not a regular file (a FIFO, a device or a symlink) and was not read');
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/**
 * Cost lines a `costs.command` printed on stdout (SPEC §5: it prints `{"date","usd","provider","model"}`
 * lines): every JSON object line of its (already redacted) log with a numeric `usd`.
 */
export function costLinesFromLog(log: string, today: string): ParsedOutput['costs'] {
  const out: ParsedOutput['costs'] = [];
  log.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line.startsWith('{')) return;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const usd = Number(value.usd);
    if (typeof value.usd !== 'number' || !Number.isFinite(usd) || usd < 0) return;
    const day = typeof value.date === 'string' && /^\d{4}-\d\d-\d\d$/.test(value.date) ? value.date : today;
    out.push({ usd, provider: str(value.provider), model: str(value.model), day, line: 1_000_000 + index });
  });
  return out;
}
