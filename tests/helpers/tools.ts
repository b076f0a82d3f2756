// Skip conditions for tests that need a program from outside npm (scripts/test-tools.mjs). `npm test`'s
// preflight installs them where it can and names the tests it had to skip; under CI=true nothing counts as
// missing, so such a test runs and fails on what is absent instead of being skipped.
import { toolsMissing } from '../../scripts/test-tools.mjs';

/** True when this machine lacks one of these tools (never under CI=true); says once which and why. */
export function lacks(...names: string[]): boolean {
  const missing = toolsMissing(names);
  if (missing.length > 0) process.stderr.write(`skipped: these tests need ${missing.join(', ')}, which this machine lacks (see \`npm test\`'s preflight)\n`);
  return missing.length > 0;
}
