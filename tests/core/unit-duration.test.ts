import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src-main/core/duration';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2_000],
    ['30m', 30 * 60_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
  ])('reads %s as %i milliseconds', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('adds up combined units such as 1h30m', () => {
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('1d2h3m4s5ms')).toBe(86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 4_000 + 5);
  });

  it('accepts surrounding whitespace', () => {
    expect(parseDuration('  15m ')).toBe(15 * 60_000);
  });

  it.each(['', ' ', '10', 'm', 'ten minutes', '1x', '1 h', '-5m', '1h 30m', '1h30', 'h1', '5mins', '1.5'])(
    'returns null for %j, which is not a duration',
    (text) => {
      expect(parseDuration(text)).toBeNull();
    },
  );
});
