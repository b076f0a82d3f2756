import { Command, CommanderError } from 'commander';
import { UserError } from '../../core/errors';
import { registerDigest } from './commands/digest-command';
import { registerDoctor } from './commands/doctor-command';
import { registerCosts } from './commands/costs-command';
import { registerExecute } from './commands/execute-command';
import { registerLogs } from './commands/logs-command';
import { registerMcp } from './commands/mcp-command';
import { registerNotify } from './commands/notify-command';
import { registerPing } from './commands/ping-command';
import { registerProjects } from './commands/projects-command';
import { registerResults } from './commands/results-command';
import { registerRun } from './commands/run-command';
import { registerRuns } from './commands/runs-command';
import { registerServe } from './commands/serve-command';
import { registerStatus } from './commands/status-command';

const program = new Command('agent-os')
  .description('Agent OS: see and steer every scheduled job of your automation projects.\nHome: $AGENT_OS_HOME, else the platform app-data folder.')
  .version('0.1.0')
  .showSuggestionAfterError(true)
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(`agent-os: ${text.replace(/^error: /, '').trim()}\n`) });

for (const register of [
  registerStatus,
  registerProjects,
  registerRun,
  registerRuns,
  registerLogs,
  registerResults,
  registerCosts,
  registerPing,
  registerNotify,
  registerServe,
  registerMcp,
  registerDoctor,
  registerDigest,
  registerExecute,
])
  register(program);
for (const command of program.commands)
  command.exitOverride().configureOutput({ outputError: (text, write) => write(`agent-os ${command.name()}: ${text.replace(/^error: /, '').trim()}\n`) });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage errors were already printed as one line.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UserError) {
    process.stderr.write(`agent-os: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`agent-os: ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}
