import { createRequire } from 'node:module';
import type { Settings } from 'luxon';

/**
 * cron-parser and node-schedule do their date arithmetic with luxon, which asks Intl for the system
 * locale (`new Intl.DateTimeFormat()`) on the first date it makes unless a default locale is set. That one
 * call maps ~6 MB of ICU data into the process, a twelfth of an idle `serve`'s memory budget. Fire times
 * never depend on a locale (cron-parser formats nothing for people), so luxon gets a fixed one.
 *
 * A process-wide library setting, so the host sets it, once, before the engine starts. Through require():
 * cron-parser require()s luxon, and luxon's CommonJS build is a different module (with its own Settings)
 * from the ES build that `import` would load.
 */
export function fixCronLocale(): void {
  const luxon = createRequire(import.meta.url)('luxon') as { Settings: typeof Settings };
  luxon.Settings.defaultLocale = 'en-US';
}
