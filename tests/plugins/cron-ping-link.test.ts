import { describe, expect, it } from 'vitest';
import { findPingLinks } from '../../plugins/cron';

const keyOf = (command: string): string | null => findPingLinks(command)[0]?.key ?? null;

describe('finding heartbeat pings in cron commands', () => {
  it('finds an Agent OS /ping/<key> suffix sent with curl', () => {
    expect(findPingLinks('/opt/job.sh && curl -fsS -m 10 --retry 5 -o /dev/null http://127.0.0.1:7317/ping/Ab3_x-9/')).toEqual([
      { key: 'Ab3_x-9', url: 'http://127.0.0.1:7317/ping/Ab3_x-9/', host: '127.0.0.1:7317', style: 'ping-path', event: 'success', tool: 'curl' },
    ]);
  });

  it('finds a healthchecks.io UUID ping on hc-ping.com', () => {
    const [link] = findPingLinks('job; curl -fsS -m 10 --retry 5 https://hc-ping.com/5b7c7a2e-3f4d-4c1e-9a8b-0d6e2f1a9c33');
    expect(link).toMatchObject({ key: '5b7c7a2e-3f4d-4c1e-9a8b-0d6e2f1a9c33', style: 'hc-ping', event: 'success' });
  });

  it('keeps the project key and slug of hc-ping.com’s slug URLs together', () => {
    expect(keyOf('job && curl -fsS https://hc-ping.com/fqOOd6-F4MMNuCEnzTU01w/db-backups/fail')).toBe('fqOOd6-F4MMNuCEnzTU01w/db-backups');
  });

  it('reads start, fail, log and exit-status suffixes as the ping’s event, with the same key', () => {
    const links = findPingLinks(
      'curl -fsS https://hc.example.com/ping/k1/start ; run; curl -fsS https://hc.example.com/ping/k1/$? ; curl https://hc.example.com/ping/k1/fail; curl --data-binary @log https://hc.example.com/ping/k1/log',
    );
    expect(links.map((l) => [l.key, l.event])).toEqual([
      ['k1', 'start'],
      ['k1', 'exit-status'],
      ['k1', 'fail'],
      ['k1', 'log'],
    ]);
    expect(findPingLinks('curl https://x.org/ping/k2/0')[0]?.event).toBe('exit-status');
  });

  it('finds pings sent with wget and with an absolute curl path, ignoring a ?rid= query', () => {
    expect(keyOf('job && wget -q -O /dev/null https://agent.local/ping/w1')).toBe('w1');
    expect(keyOf('job && /usr/bin/curl -s "https://agent.local/ping/c1?rid=abc"')).toBe('c1');
  });

  it('ignores ping-looking URLs that no curl or wget sends', () => {
    expect(findPingLinks('echo https://agent.local/ping/nope')).toEqual([]);
    expect(findPingLinks('curl -s https://example.com/data.json && echo https://agent.local/ping/nope')).toEqual([]);
  });

  it('ignores curl calls to URLs that are not pings', () => {
    expect(findPingLinks('curl -fsS https://api.example.com/v1/report -o /tmp/r.json')).toEqual([]);
  });
});
