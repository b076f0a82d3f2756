import { JSONPath } from 'jsonpath-plus';

/**
 * Trigger conditions on a run's result: a JSONPath (jsonpath-plus) optionally compared with a JSON literal:
 *   `$.spike == true`, `$.vix > 30`, `$.status != "ok"`, `$.items[0].name == "x"`, or just `$.spike` (truthy).
 * Operators: == != > >= < <=. The literal is JSON (numbers, strings in double quotes, true, false, null).
 */
export interface Condition {
  path: string;
  op: '==' | '!=' | '>' | '>=' | '<' | '<=' | null;
  value: unknown;
}

const FORM = /^\s*(\$\S*?)\s*(==|!=|>=|<=|>|<)\s*(.+?)\s*$/;

/** Parses a condition, or returns a sentence saying what is wrong. */
export function parseCondition(text: string): Condition | string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('$')) return `expected a JSONPath starting with $, such as "$.spike == true", found ${JSON.stringify(text)}`;
  const match = FORM.exec(trimmed);
  if (!match)
    return /\s/.test(trimmed)
      ? `expected "<path> <op> <value>" with op one of == != > >= < <=, found ${JSON.stringify(text)}`
      : { path: trimmed, op: null, value: null };
  let value: unknown;
  try {
    value = JSON.parse(match[3] ?? '');
  } catch {
    return `expected a JSON value after ${match[2]} (numbers, "strings", true, false, null), found ${match[3] ?? ''}`;
  }
  return { path: match[1] ?? '$', op: match[2] as Condition['op'], value };
}

/** Evaluates a condition against a result; a path that finds nothing is false. */
export function evaluateCondition(condition: Condition, data: unknown): boolean {
  // jsonpath-plus answers undefined (not []) for a null document: a run that reported no result.
  const found = (JSONPath({ path: condition.path, json: data as object, wrap: true }) as unknown[] | undefined) ?? [];
  if (found.length === 0) return false;
  return found.some((value) => compare(value, condition));
}

function compare(actual: unknown, { op, value }: Condition): boolean {
  switch (op) {
    case null:
      return Boolean(actual);
    case '==':
      return JSON.stringify(actual) === JSON.stringify(value);
    case '!=':
      return JSON.stringify(actual) !== JSON.stringify(value);
    default: {
      if (typeof actual !== typeof value || (typeof actual !== 'number' && typeof actual !== 'string')) return false;
      const a = actual as number | string;
      const b = value as number | string;
      return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
    }
  }
}
