// Issue 25 §1: quiet_hours took "25:00" and "99:99" silently and answered `end: "7"` with a raw regex
// message. Each time is a local "HH:MM"; a bad one is one clear line at its path, and no quiet hours apply.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src-main/core/config/load-config';
import { updateConfigFile } from '../../src-main/core/config/update-config';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-os-quiet-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = (start: string, end: string): ReturnType<typeof loadConfig> => {
  const file = join(dir, 'config.yml');
  writeFileSync(file, `quiet_hours:\n  start: "${start}"\n  end: "${end}"\n`);
  return loadConfig(file);
};

describe('quiet_hours times', () => {
  it('accepts local HH:MM times, midnight-crossing included', () => {
    const { config, errors } = load('22:30', '07:00');
    expect(errors).toEqual([]);
    expect(config.quiet_hours).toEqual({ start: '22:30', end: '07:00' });
  });

  it.each([
    ['25:00', '07:00', 'quiet_hours.start', '25:00'],
    ['22:00', '99:99', 'quiet_hours.end', '99:99'],
    ['22:00', '7', 'quiet_hours.end', '7'],
  ])('refuses start %s / end %s with one line naming the time, and applies no quiet hours', (start, end, path, bad) => {
    const { config, errors } = load(start, end);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path, line: path.endsWith('start') ? 2 : 3 });
    expect(errors[0]?.message).toBe(`expected a local time "HH:MM" from 00:00 to 23:59 such as "22:00", found "${bad}"; quiet hours are off until it is fixed`);
    expect(config.quiet_hours).toBeNull();
  });

  it('refuses a bad time from Settings (settings.update) with the same words, leaving config.yml as it was', () => {
    const file = join(dir, 'config.yml');
    writeFileSync(file, 'quiet_hours:\n  start: "22:00"\n  end: "07:00"\n');
    expect(() => updateConfigFile(file, { quiet_hours: { start: '22:00', end: '99:99' } })).toThrow(
      'quiet_hours: quiet_hours.end: expected a local time "HH:MM" from 00:00 to 23:59 such as "22:00"',
    );
    expect(loadConfig(file).config.quiet_hours).toEqual({ start: '22:00', end: '07:00' });
  });
});
