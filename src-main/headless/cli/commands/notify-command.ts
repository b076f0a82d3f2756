import { InvalidArgumentError, type Command } from 'commander';
import type { MessageLevel } from '../../../common/alerts';
import { withBackend } from '../cli-context';
import { paint } from '../format';

/** `agent-os notify <project> <message> [--title T] [--level L]`: a message to the project's channels. */
export function registerNotify(program: Command): void {
  program
    .command('notify')
    .description("send a message to a project's notification channels (those its manifest's notify: names, else all)")
    .argument('<project>', 'the project the message is from')
    .argument('<message>', 'the message text')
    .option('--title <title>', 'a short title')
    .option('--level <level>', 'info | warning | critical (critical passes quiet hours)', parseLevel, 'info' as MessageLevel)
    .action(async (project: string, message: string, opts: { title?: string; level: MessageLevel }) => {
      const mode = await withBackend(async (backend) => {
        await backend.call('messages.send', { project, message, level: opts.level, ...(opts.title ? { title: opts.title } : {}) });
        return backend.mode;
      });
      process.stdout.write(
        mode === 'local'
          ? `Stored. ${paint('gray', 'Agent OS is not running, so it goes out when it next starts (agent-os serve or the desktop app).')}\n`
          : 'Sent to the channels within a few seconds.\n',
      );
    });
}

function parseLevel(value: string): MessageLevel {
  if (value === 'info' || value === 'warning' || value === 'critical') return value;
  throw new InvalidArgumentError('use info, warning or critical.');
}
