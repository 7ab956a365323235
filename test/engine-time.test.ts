import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, SECOND, formatDuration, fromSeconds, parseDuration, toSeconds } from '../src/engine/index.js';

describe('simulated time', () => {
  it.each([
    ['250ms', 250_000],
    ['5s', 5 * SECOND],
    ['1.5min', 90 * SECOND],
    ['15min', 15 * MINUTE],
    ['8h', 8 * HOUR],
    ['2d', 2 * DAY],
    ['10us', 10],
    ['0.2ms', 200],
    ['.5s', 500_000],
    [' 3 s ', 3 * SECOND],
    [30, 30 * SECOND],
    [0.04, 40_000],
    [0, 0],
  ] as const)('parses %j as %d microseconds', (input, us) => {
    expect(parseDuration(input)).toBe(us);
  });

  it.each([['-5s'], ['5'], ['5 sec'], ['s'], [''], ['1e3s'], [-1], [Number.NaN], [Infinity], ['5m'], [1e300], ['365000d']])('rejects %j', (input) => {
    expect(parseDuration(input as string | number)).toBeUndefined();
  });

  it('converts seconds both ways, rounding to whole microseconds', () => {
    expect(fromSeconds(1.0000004)).toBe(1_000_000);
    expect(fromSeconds(1.0000006)).toBe(1_000_001);
    expect(toSeconds(2_500_000)).toBe(2.5);
  });

  it('formats durations in the largest fitting unit', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(250_000)).toBe('250ms');
    expect(formatDuration(90 * SECOND)).toBe('1.5min');
    expect(formatDuration(8 * HOUR)).toBe('8h');
    expect(formatDuration(7)).toBe('7us');
  });
});
