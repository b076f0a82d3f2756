import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import type { ConfigError } from '../../common/models';
import { looksSecret } from '../runner/redactor';

/** A parsed YAML file that remembers where each node came from, for error lines. */
export interface YamlSource {
  value: unknown;
  errors: ConfigError[];
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/** Parses YAML text; syntax errors become ConfigErrors with their line (the value is then null). */
export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  // uniqueKeys is checked below in one pass: the library's own check compares each key with every earlier
  // one, which froze the engine for minutes on a large manifest (issue 22).
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const errors: ConfigError[] = doc.errors.map((e) => ({
    path: '',
    file,
    line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
    message: `is not valid YAML: ${firstLine(e.message)}; fix the syntax`,
  }));
  if (errors.length === 0) errors.push(...duplicateKeys(doc, lineCounter, file));
  if (errors.length > 0) return { value: null, errors, lineOf };
  try {
    // maxAliasCount bounds an alias bomb (a few lines that expand to billions of nodes); the library throws.
    return { value: doc.toJS({ maxAliasCount: 100 }), errors: [], lineOf };
  } catch (error) {
    const message = `is not usable YAML: ${firstLine((error as Error).message)} (too many aliases); remove the repeated aliases (*name)`;
    return { value: null, errors: [{ path: '', file, line: 1, message }], lineOf };
  }
}

/** Keys given twice in one mapping, found with one Set per mapping (linear in the file's size). */
function duplicateKeys(doc: Document, lineCounter: LineCounter, file: string): ConfigError[] {
  const errors: ConfigError[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) && key !== null) continue; // complex keys are rare and compared by the schema
        const name = String(isScalar(key) ? key.value : null);
        const line = isScalar(key) && key.range ? lineCounter.linePos(key.range[0]).line : undefined;
        const first = seen.get(name);
        if (first === undefined) seen.set(name, line ?? 0);
        else
          errors.push({
            path: '',
            file,
            line,
            message: `is not valid YAML: the key "${name}" is given twice (first on line ${first}); keys must be unique, remove one`,
          });
      }
    },
  });
  return errors;
}

/** Turns zod issues into ConfigErrors that say where, what was expected and what was found. */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[], source: YamlSource, file: string, prefix: readonly PropertyKey[] = []): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        errors.push({ file, path: keyPath.join('.'), line: source.lineOf(keyPath), message: `unknown field "${key}"; remove it or check its spelling` });
      }
      continue;
    }
    const found = valueAt(source.value, path);
    errors.push({ file, path: path.join('.'), line: source.lineOf(path), message: `${expectedText(issue)}, found ${describe(found)}` });
  }
  return errors;
}

function expectedText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `expected at least ${String(issue.minimum)} item(s)`
        : issue.origin === 'string'
          ? 'expected a non-empty value'
          : `expected at least ${String(issue.minimum)}`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}`;
    case 'invalid_format':
      // A regex check carries its own explanation (e.g. what an id may contain).
      return issue.format === 'url' ? 'expected a URL' : issue.format === 'regex' ? issue.message : `expected ${issue.format}`;
    case 'invalid_key':
      return `${issue.issues[0]?.message ?? 'expected a valid key'} (as a key)`;
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A short description of a found value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  // A key pasted into the wrong field must not travel on in the error (status, the dashboard, alerts).
  if (typeof value === 'string' && looksSecret(value)) return 'a secret-looking value (not shown)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…"` : text;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
