/** A program from outside npm that some tests need. */
export interface TestTool {
  /** What it is called in messages and in skip conditions. */
  name: string;
  /** The Debian package that installs it. */
  debianPackage: string;
  /** The test files (and cases) that need it. */
  tests: string[];
  present(env: NodeJS.ProcessEnv): boolean;
}
export const TEST_TOOLS: TestTool[];
export function testTool(name: string): TestTool;
export function toolsMissing(names: string[], env?: NodeJS.ProcessEnv): string[];
export function faketimeLibrary(env?: NodeJS.ProcessEnv): string;
export function onPath(name: string, env: NodeJS.ProcessEnv): boolean;
