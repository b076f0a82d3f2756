import { parseYaml, type YamlSource } from '../config/yaml-issues';

// Top-level keys whose blocks say when a workflow runs; `on` may be quoted or read as YAML 1.1's `true`.
const WANTED = /^(?:name|"?'?on'?"?|true|"on"|'on'):/;
const TOP_LEVEL_KEY = /^[^\s#][^:]*:/;

/**
 * A second reading of a workflow the strict YAML parse rejects but GitHub (Go's yaml) runs, e.g. a
 * double-quoted scalar whose continuation line starts at column 0 (issue 23): only the top-level `name:`
 * and `on:` blocks are parsed, so a quirk in `jobs:` does not hide the schedule. Line numbers stay the
 * file's own (the other lines are blanked, not removed). Null when even those blocks do not parse.
 */
export function lenientWorkflow(text: string, path: string): YamlSource | null {
  let keep = false;
  const lines = text.split('\n').map((line) => {
    if (TOP_LEVEL_KEY.test(line)) keep = WANTED.test(line);
    return keep ? line : '';
  });
  const source = parseYaml(lines.join('\n'), path);
  return source.errors.length === 0 ? source : null;
}
