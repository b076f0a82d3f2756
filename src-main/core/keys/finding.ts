import type { KeyFinding, KeyFindingKind } from './keys-types';

/** The order findings are listed in: the ones that leak or mix up credentials first. */
export const KIND_ORDER: readonly KeyFindingKind[] = [
  'env_tracked',
  'shared_secret',
  'foreign_env',
  'env_not_ignored',
  'own_env_secret',
  'missing_env_example',
];

/** A short heading per kind, shared by the CLI and the Keys view. */
export const KIND_TITLES: Readonly<Record<KeyFindingKind, string>> = {
  env_tracked: 'Env file tracked by git',
  shared_secret: 'The same secret in several projects',
  foreign_env: "A project loads another project's env file",
  env_not_ignored: 'Env file not ignored by git',
  own_env_secret: "Provider key in Agent OS's own environment",
  missing_env_example: 'Env file without .env.example',
};

/** Builds a finding; `variable` is the names joined, or null when the finding is about a file. */
export function finding(
  kind: KeyFindingKind,
  fields: { projects: string[]; variables?: string[]; file?: string | null; detail: string; fix: string },
): KeyFinding {
  const variables = fields.variables ?? [];
  return {
    kind,
    title: KIND_TITLES[kind],
    projects: fields.projects,
    variable: variables.length ? variables.join(', ') : null,
    variables,
    file: fields.file ?? null,
    detail: fields.detail,
    fix: fields.fix,
  };
}

/** "a", "a and b", "a, b and c". */
export function humanList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** Findings in a stable order: by kind, then projects, then variable, then file. */
export function sortFindings(findings: KeyFinding[]): KeyFinding[] {
  const key = (f: KeyFinding): string => [f.projects.join(','), f.variable ?? '', f.file ?? ''].join('\u0000');
  return [...findings].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || key(a).localeCompare(key(b)));
}
