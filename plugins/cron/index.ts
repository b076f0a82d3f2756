// The cron source's public surface: parse crontabs, compute next runs, find heartbeat pings, read the machine's crontabs.
export { parseCrontab, splitPercent, type CronEntry, type CronLineError, type CrontabLine, type ParseCrontabOptions } from './crontab-parse';
export { cronNextRuns, cronScheduleError, CRON_MACROS } from './cron-schedule';
export { findPingLinks, type PingLink } from './ping-link';
export { readCrontab, readCronDir, CRONTAB_SOURCE, type CronInactive, type CrontabRead, type CronDirRead } from './crontab-read';
