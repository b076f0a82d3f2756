// Issue 23: an unassigned crontab line's task id names what runs and survives unrelated edits of the
// crontab (a comment or a line added above it), instead of being the command's first words plus its line.
import { describe, expect, it } from 'vitest';
import { parseCrontab } from '../../plugins/cron/crontab-parse';
import { cronJobName, cronTaskId } from '../../src-main/core/external/cron-task-id';

// Debian's default /etc/crontab (the cron package, debian/crontab.main in salsa.debian.org/debian/cron), job lines.
const DEBIAN_ETC_CRONTAB = `SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin

# Example of job definition:
17 *	* * *	root	cd / && run-parts --report /etc/cron.hourly
25 6	* * *	root	test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }
47 6	* * 7	root	test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.weekly; }
52 6	1 * *	root	test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.monthly; }
`;

function ids(text: string): string[] {
  const taken = new Set<string>();
  return parseCrontab(text, '/etc/crontab', { withUser: true }).flatMap((l) => {
    if (!('command' in l)) return [];
    const id = cronTaskId('/etc/crontab', l.schedule, l.command, taken);
    taken.add(id);
    return [id];
  });
}

describe('crontab task ids', () => {
  it('names what runs', () => {
    expect(cronJobName('[ ! -f /var/run/skip ] && run-parts /etc/cron.daily')).toBe('cron.daily');
    expect(cronJobName('/usr/local/bin/sync.sh > /tmp/sync.log 2>&1')).toBe('sync.sh');
    expect(cronJobName('cd /srv/app && /usr/bin/python3 scripts/report.py --quiet')).toBe('report.py');
    expect(cronJobName('test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.weekly; }')).toBe('cron.weekly');
    expect(ids(DEBIAN_ETC_CRONTAB).map((id) => id.replace(/-[0-9a-f]{6}$/, ''))).toEqual([
      'cron-cron-hourly',
      'cron-cron-daily',
      'cron-cron-weekly',
      'cron-cron-monthly',
    ]);
  });

  it('keeps every id when a comment or another job is added above the lines', () => {
    const before = ids(DEBIAN_ETC_CRONTAB);
    const edited = DEBIAN_ETC_CRONTAB.replace(
      '# Example of job definition:\n',
      '# Example of job definition:\n# added by me\n*/5 * * * * root /usr/local/bin/poll.sh\n\n',
    );
    const after = ids(edited);
    expect(after.filter((id) => !id.startsWith('cron-poll-sh-'))).toEqual(before);
  });

  it('tells apart two identical lines and a changed schedule', () => {
    const twice = ids('0 3 * * * root /usr/local/bin/backup.sh\n0 3 * * * root /usr/local/bin/backup.sh\n0 4 * * * root /usr/local/bin/backup.sh\n');
    expect(new Set(twice).size).toBe(3);
    expect(twice[1]).toBe(`${twice[0]}-2`);
  });
});
