import type { Command } from 'commander';
import { resolveHome } from '../../../core/home';
import { withBackend } from '../cli-context';

/** `agent-os mcp`: a Model Context Protocol server over stdio, for AI agents and coding assistants. */
export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('serve the Model Context Protocol on stdin/stdout (for an MCP client: status, failing, runs, run_log, costs, results, run_task)')
    .action(async () => {
      // Loaded here only: the MCP SDK is not needed by any other command. withBackend is handed in, not
      // imported there, so its cliEntry() stays this bundle's path (detached run workers start from it).
      const { serveMcp } = await import('../../mcp/mcp-server');
      const home = { path: resolveHome(), from: process.env.AGENT_OS_HOME ? ('AGENT_OS_HOME' as const) : ('default' as const) };
      await serveMcp({ version: program.version() ?? '0.0.0', withBackend, home });
      // The client is gone: end now rather than wait for idle keep-alive sockets to the server to close.
      process.exit(0);
    });
}
