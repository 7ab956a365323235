/** The server a calibration talks to: its base URL checked, and whether it is this machine (loopback). */

/** A FHIR base URL that passed the checks. */
export interface CalibrationTarget {
  /** The base URL without a trailing slash, e.g. `http://127.0.0.1:8080/fhir`. */
  base: string;
  /** Host as the URL names it (`127.0.0.1`, `[::1]`, `localhost`, `fhir.example.org`). */
  host: string;
  /** Whether the host is this machine by its name alone (no DNS lookup): only then may a calibration start without `--yes`. */
  loopback: boolean;
}

/** A base URL, or why it is not one. */
export type ParsedBase = { ok: true; target: CalibrationTarget } | { ok: false; problem: string };

/**
 * Checks a FHIR base URL: http or https, no query, fragment or credentials (credentials in a
 * URL end up in logs; pass them with --header). A trailing slash is dropped.
 */
export function parseBase(text: string): ParsedBase {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `--base: expected a FHIR base URL such as http://localhost:8080/fhir, got "${text}"` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: `--base: expected an http or https URL, got "${url.protocol}" in "${text}"` };
  if (url.search !== '' || url.hash !== '') return { ok: false, problem: `--base: expected a base URL without a query or fragment, got "${text}"` };
  if (url.username !== '' || url.password !== '') return { ok: false, problem: '--base: expected no credentials in the URL (they end up in logs and in the fragment); pass them with --header "Authorization: ..." or --bearer-env' };
  const base = url.href.replace(/\/+$/, '');
  return { ok: true, target: { base, host: url.hostname, loopback: isLoopbackHost(url.hostname) } };
}

/**
 * Whether a URL's host names this machine without asking DNS: `localhost` and `*.localhost`
 * (RFC 6761 reserves them for loopback), 127.0.0.0/8, and `::1` (also IPv4-mapped 127.x). A
 * name that merely resolves to a loopback address is not trusted: it could resolve elsewhere
 * tomorrow.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  // WHATWG URLs write IPv6 hosts in brackets and IPv4-mapped ones in hex (::ffff:7f00:1).
  return h === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(h);
}
