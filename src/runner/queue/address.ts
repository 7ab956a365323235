/** Where the queue is: a `redis://host:port[/db]` URL read into connection settings, or a bad-input error saying what is wrong. */

/** A Redis server and database holding the queue. */
export interface QueueAddress {
  host: string;
  port: number;
  /** Redis database number (default 0). */
  db: number;
  username?: string;
  password?: string;
  /** The URL as messages show it: the password, if any, replaced by `***`. */
  display: string;
}

/** A queue URL that is not `redis://host:port[/db]`: bad input, not an unreachable server. */
export class QueueAddressError extends Error {
  override readonly name = 'QueueAddressError';
}

const EXAMPLE = 'redis://host:port or redis://host:port/db, e.g. redis://127.0.0.1:6380/0';

/**
 * Reads `redis://[user[:password]@]host:port[/db]`. The port is required (a queue shared by
 * many machines is named in full). Throws a {@link QueueAddressError} naming what is wrong.
 */
export function parseQueueAddress(text: string): QueueAddress {
  const bad = (why: string): never => {
    throw new QueueAddressError(`queue URL ${JSON.stringify(withoutPassword(text))}: ${why}; expected ${EXAMPLE}`);
  };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad('not a URL');
  }
  if (url.protocol !== 'redis:') bad(`the scheme is ${url.protocol.replace(/:$/, '') || 'missing'}, not redis`);
  if (url.hostname === '') bad('no host');
  // WHATWG URL drops a scheme's default port; redis: has none, so an empty port was not given.
  if (url.port === '') bad('no port');
  const port = Number(url.port);
  if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) bad(`port ${url.port} is not 1-65535`);
  if (url.search !== '' || url.hash !== '') bad('options (?...) and fragments (#...) are not read');
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) bad(`the database "${path}" is not a number`);
  const db = path === '' ? 0 : Number(path);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port,
    db,
    ...(url.username !== '' ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password !== '' ? { password: decodeURIComponent(url.password) } : {}),
    display: withoutPassword(url.href).replace(/\/$/, ''),
  };
}

/** The URL text with its password, if any, replaced by `***` (messages and logs never show it). */
function withoutPassword(text: string): string {
  return text.replace(/^(\w+:\/\/[^/@:]*:)[^/@]*@/, '$1***@');
}
