// Issue 24 §3: durations are parsed once per load, and each default lives in one place: the schema's field.
// A section left out of config.yml gets exactly what an empty section gets (no second copy of the defaults).
import { describe, expect, it } from 'vitest';
import { configDurations } from '../../src-main/core/config/config-durations';
import { CONFIG_KEYS, type Config } from '../../src-main/core/config/config-schema';
import { checkedDuration } from '../../src-main/core/duration';

const parse = (key: keyof typeof CONFIG_KEYS, value: unknown): unknown => (CONFIG_KEYS[key] as { parse(v: unknown): unknown }).parse(value);
const defaults = (): Config => Object.fromEntries(Object.keys(CONFIG_KEYS).map((k) => [k, parse(k as keyof typeof CONFIG_KEYS, undefined)])) as Config;

describe('config durations', () => {
  it('gives a left-out section the same defaults as an empty one, for every section that is an object', () => {
    for (const key of Object.keys(CONFIG_KEYS) as Array<keyof typeof CONFIG_KEYS>) {
      const missing = parse(key, undefined);
      if (missing === null || typeof missing !== 'object' || Array.isArray(missing)) continue;
      expect(parse(key, {}), key).toEqual(missing);
    }
  });

  it("reads the defaults' durations in milliseconds", () => {
    expect(configDurations(defaults())).toEqual({
      killGraceMs: 5_000,
      githubPollMs: 300_000,
      railwayPollMs: 300_000,
      flappingWindowMs: 3_600_000,
      notifyTimeoutMs: 10_000,
      notifyRetryBaseMs: 10_000,
      notifyRetryMaxMs: 900_000,
      costsRetryBaseMs: 2_000,
    });
  });

  it('reads what config.yml sets, and refuses loudly a text no schema would have let through', () => {
    const config = defaults();
    config.notify.timeout = '1m30s';
    expect(configDurations(config).notifyTimeoutMs).toBe(90_000);
    expect(() => checkedDuration('soon')).toThrow('"soon" is not a duration; the schema should have refused it');
  });
});
