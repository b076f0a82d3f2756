import { InvalidArgumentError, type Command } from 'commander';
import { loadEngine } from '../cli-context';

/** `agent-os serve`: the long-running headless engine, until SIGINT or SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'run the engine (scheduler, heartbeats, live discovery) and the dashboard/API on loopback until Ctrl-C or SIGTERM; beyond loopback only when asked (hosted mode: see the README)',
    )
    .option('--host <host>', 'address to bind (default: server.host in config.yml, 127.0.0.1; 0.0.0.0 for hosted mode)')
    .option('--port <port>', 'port to bind, 0 for any free one (default: server.port in config.yml, 7317)', portNumber)
    .action(async (opts: { host?: string; port?: number }) => (await loadEngine()).serve(opts));
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return n;
}
