import { InvalidArgumentError, Option, type Command } from 'commander';
import { lookBackDays } from '../../../core/duration';
import { withBackend } from '../cli-context';
import { costForecast, renderForecast } from '../cost-forecast';
import { paint, printJson, table } from '../format';

const BY = ['project', 'provider', 'model', 'day'] as const;

/** `agent-os costs [--since 30d] [--by project|provider|model|day] [--json]`, with the month-end forecast per budget. */
export function registerCosts(program: Command): void {
  program
    .command('costs')
    .description('spend per project, provider, model or day: provider data (admin APIs) beside what projects report')
    .addOption(
      new Option('--since <days>', 'how many days back, in days: 7d, 90d (a bare 7 means 7 days; 36h rounds up to 2d)').argParser(sinceDays).default(30, '30d'),
    )
    .option('--by <dimension>', 'project | provider | model | day', byDimension, 'project')
    .option('--json', 'print JSON: totals, rows and the month-end forecast against each budget')
    .action(async (opts: { since: number; by: (typeof BY)[number]; json?: boolean }) => {
      const [summary, overview] = await withBackend((backend) =>
        Promise.all([backend.call('costs.summary', { by: opts.by, since_days: opts.since }), backend.call('costs.overview', undefined)]),
      );
      const forecast = costForecast(overview);
      if (opts.json)
        return printJson({
          total_usd: summary.total_usd,
          rows: summary.rows,
          unattributed_usd: summary.unattributed_usd,
          by: summary.by,
          since: summary.since,
          until: summary.until,
          forecast,
        });
      if (summary.rows.length === 0) {
        process.stdout.write(
          `No costs recorded since ${summary.since}. Set AGENT_OS_OPENAI_ADMIN_KEY / AGENT_OS_ANTHROPIC_ADMIN_KEY for provider data, or have tasks write {"type":"cost",…} lines to $AGENT_OS_OUTPUT.\n`,
        );
        if (forecast.month_usd > 0 || forecast.budgets.length > 0) process.stdout.write(`\n${renderForecast(forecast)}`);
        return;
      }
      const usd = (n: number): string => `$${n.toFixed(2)}`;
      const rows = [
        [opts.by.toUpperCase(), 'SPEND', 'PROVIDER DATA', 'REPORTED BY PROJECT'].map((h) => paint('gray', h)),
        ...summary.rows.map((r) => [r.key === 'unattributed' ? paint('yellow', r.key) : r.key, usd(r.usd), usd(r.provider_usd), usd(r.reported_usd)]),
      ];
      process.stdout.write(`${table(rows)}\n\n${paint('bold', `Total ${usd(summary.total_usd)}`)} from ${summary.since} to ${summary.until}`);
      process.stdout.write(
        summary.unattributed_usd > 0 ? `; ${paint('yellow', `${usd(summary.unattributed_usd)} unattributed`)} (map it under costs: in config.yml)\n` : '\n',
      );
      process.stdout.write(
        paint('gray', "SPEND uses the provider figure where one exists for that project, provider and day, else the project's own report.\n"),
      );
      process.stdout.write(`\n${renderForecast(forecast)}`);
    });
}

function sinceDays(value: string): number {
  const days = lookBackDays(value);
  if (days === null) throw new InvalidArgumentError('give a number of days, at least one, such as 7d, 30d or 90d.');
  return days;
}

function byDimension(value: string): (typeof BY)[number] {
  if (!(BY as readonly string[]).includes(value)) throw new InvalidArgumentError(`use one of ${BY.join(', ')}.`);
  return value as (typeof BY)[number];
}
