import { CronExpressionParser } from 'cron-parser';

/** True for a 5- or 6-field cron expression that cron-parser accepts. */
export function isValidCron(expr: string): boolean {
  const fields = expr.trim().split(/\s+/).length;
  if (fields < 5 || fields > 6) return false;
  try {
    CronExpressionParser.parse(expr);
    return true;
  } catch {
    return false;
  }
}

const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@reboot']);

/** True for a crontab line: a macro or 5 valid schedule fields, followed by a command. */
export function isValidCrontabLine(line: string): boolean {
  const fields = line.trim().split(/\s+/);
  if (CRON_MACROS.has(fields[0] ?? '')) return fields.length >= 2;
  return fields.length >= 6 && isValidCron(fields.slice(0, 5).join(' '));
}

/** True for an IANA time zone name the runtime knows. */
export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
