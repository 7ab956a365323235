import { describe, expect, it } from 'vitest';
import { parseQueueAddress, QueueAddressError } from '../src/runner/index.js';

describe('queue URL: redis://host:port[/db]', () => {
  it('reads host, port and database (0 when not given)', () => {
    expect(parseQueueAddress('redis://127.0.0.1:6380')).toEqual({ host: '127.0.0.1', port: 6380, db: 0, display: 'redis://127.0.0.1:6380' });
    expect(parseQueueAddress('redis://queue.example:7000/')).toMatchObject({ host: 'queue.example', port: 7000, db: 0 });
    expect(parseQueueAddress('redis://10.1.2.3:6380/3')).toMatchObject({ host: '10.1.2.3', port: 6380, db: 3, display: 'redis://10.1.2.3:6380/3' });
    expect(parseQueueAddress('redis://[::1]:6380/1')).toMatchObject({ host: '::1', port: 6380, db: 1 });
  });

  it('takes a user and password, and never shows the password', () => {
    const a = parseQueueAddress('redis://fwsim:p%40ss@h:6380/2');
    expect(a).toMatchObject({ username: 'fwsim', password: 'p@ss', display: 'redis://fwsim:***@h:6380/2' });
    expect(parseQueueAddress('redis://:secret@h:6380').display).toBe('redis://:***@h:6380');
    expect(() => parseQueueAddress('redis://u:secret@h/x')).toThrow(/redis:\/\/u:\*\*\*@h\/x/);
  });

  it.each([
    ['http://h:6380', /the scheme is http, not redis/],
    ['rediss://h:6380', /the scheme is rediss, not redis/],
    ['redis://h', /no port/],
    ['redis://h:0', /port 0 is not 1-65535/],
    ['redis://h:6380/zero', /the database "zero" is not a number/],
    ['redis://h:6380/1/2', /the database "1\/2" is not a number/],
    ['redis://h:6380?db=1', /options \(\?\.\.\.\) and fragments/],
    ['h:6380', /./],
    ['', /not a URL/],
  ])('%j is refused, saying why and what is expected', (text, why) => {
    let error: unknown;
    try {
      parseQueueAddress(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueueAddressError);
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).toContain('expected redis://host:port or redis://host:port/db');
  });
});
