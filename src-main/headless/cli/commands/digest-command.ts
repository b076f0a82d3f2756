import type { Command } from 'commander';
import { withBackend } from '../cli-context';
import { paint, printJson } from '../format';

/** `agent-os digest [--json]`: the daily digest as it would be sent now (config `notify.digest` sends it daily). */
export function registerDigest(program: Command): void {
  program
    .command('digest')
    .description("print the daily digest: yesterday's failures and recoveries, what still fails, missed runs, spend and today's runs")
    .option('--json', 'print the digest as JSON')
    .action(async (opts: { json?: boolean }) => {
      const [digest, settings] = await withBackend(
        async (backend) => [await backend.call('digest.preview', undefined), await backend.call('settings.get', undefined)] as const,
      );
      if (opts.json) return printJson(digest);
      process.stdout.write(`${digest.text}\n`);
      const when = settings.notify.digest;
      process.stdout.write(
        paint(
          'gray',
          when ? `\nSent to every channel daily at ${when}.\n` : '\nNot sent on its own: set notify.digest: "08:00" in config.yml to get it daily.\n',
        ),
      );
    });
}
