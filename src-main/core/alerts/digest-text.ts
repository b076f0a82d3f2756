import type { Digest, DigestSpend } from '../../common/alerts';
import { localDay } from '../costs/cost-report';

const MAX_LINES = 12;

/** Local "HH:MM" of an ISO time (a digest speaks the user's clock, like quiet hours). */
function hhmm(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

const usd = (n: number): string => `$${n.toFixed(2)}`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A section: its title with a count, then one bullet per item (capped, with how many more). */
function section(title: string, items: readonly string[], count = String(items.length)): string[] {
  if (items.length === 0) return [`${title}: none`];
  const shown = items.slice(0, MAX_LINES).map((i) => `  • ${i}`);
  const more = items.length > MAX_LINES ? [`  … and ${items.length - MAX_LINES} more`] : [];
  return [`${title} (${count}):`, ...shown, ...more];
}

function spendLine(s: DigestSpend): string {
  const daily = s.daily_budget_usd !== null ? ` of ${usd(s.daily_budget_usd)} daily budget` : '';
  const monthly = s.monthly_budget_usd !== null ? ` of ${usd(s.monthly_budget_usd)} monthly budget` : '';
  return `${s.project ?? 'Overall'}: yesterday ${usd(s.yesterday_usd)}${daily}; month to date ${usd(s.month_usd)}${monthly}`;
}

/** The digest as the plain text channels, the CLI and the dashboard show. */
export function digestText(d: Omit<Digest, 'text'>): string {
  const [overall, ...projects] = d.spend;
  const runs = d.upcoming.reduce((n, u) => n + u.count, 0);
  const lines = [
    `Agent OS digest for ${d.day}: ${plural(d.failures.length, 'failure')}, ${plural(d.recoveries.length, 'recovery', 'recoveries')}, ${d.still_failing.length} still failing`,
    '',
    ...section(
      'Failures yesterday',
      d.failures.map(
        (f) =>
          `${f.task} ${f.kind === 'failed' ? 'failed' : `was ${f.kind}`} at ${hhmm(f.at)}${f.detail ? `: ${f.detail}` : ''}${f.folded_into ? ` (folded into ${f.folded_into})` : ''}`,
      ),
    ),
    ...section(
      'Recoveries yesterday',
      d.recoveries.map((r) => `${r.task} at ${hhmm(r.at)}`),
    ),
    ...section(
      'Still failing',
      d.still_failing.map(
        (s) => `${s.task} (${s.state}${s.since ? ` since ${localDay(new Date(s.since))} ${hhmm(s.since)}` : ''})${s.error ? `: ${s.error}` : ''}`,
      ),
    ),
    ...section(
      'Missed runs yesterday',
      d.missed.map((m) => `${m.task} at ${hhmm(m.at)}`),
    ),
    ...section(
      'Messages yesterday',
      d.messages.map(
        (m) =>
          `${m.project}${m.level === 'info' ? '' : ` [${m.level}]`} at ${hhmm(m.at)}: ${m.title ? `${m.title}: ` : ''}${m.message.split('\n')[0]?.slice(0, 160) ?? ''}`,
      ),
    ),
    'Spend:',
    ...(overall ? [`  • ${spendLine(overall)}`] : []),
    ...projects
      .filter((p) => p.yesterday_usd > 0 || p.month_usd > 0 || p.daily_budget_usd !== null || p.monthly_budget_usd !== null)
      .map((p) => `  • ${spendLine(p)}`),
    ...section(
      'Runs today',
      d.upcoming.map((u) => `${u.task} ${u.count > 1 ? `×${u.count} from` : 'at'} ${hhmm(u.first)}`),
      plural(runs, 'run'),
    ),
  ];
  return lines.join('\n');
}
