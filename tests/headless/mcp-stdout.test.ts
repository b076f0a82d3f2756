// `agent-os mcp` speaks the protocol on stdout: one stray line there (a console.log in a dependency, a
// warning) would reach the client as a broken message. The guard sends every other stdout write to stderr.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { collect, REPO_ROOT } from '../helpers/cli';

// A real Node process (the guard replaces its process.stdout.write), loading the TypeScript source via tsx.
const SCRIPT = `import { takeStdout } from './src-main/headless/mcp/stdout-guard.ts';
const protocol = takeStdout();
console.log('stray console.log');
process.stdout.write('stray write\\n');
protocol.write('{"jsonrpc":"2.0","id":1,"result":{}}\\n');
console.info('stray console.info');
protocol.write('{"jsonrpc":"2.0","id":2,"result":{}}\\n');
`;

describe('the MCP stdout guard', () => {
  it('lets only protocol messages reach stdout and sends every other write to stderr', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: REPO_ROOT });
    const result = await collect(child);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('{"jsonrpc":"2.0","id":1,"result":{}}\n{"jsonrpc":"2.0","id":2,"result":{}}\n');
    expect(result.stderr).toBe('stray console.log\nstray write\nstray console.info\n');
  });
});
