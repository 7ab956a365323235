/** A server's rate limit per client: a token bucket for each client actor, as API gateways in front of FHIR servers keep. */

/** The limit: `perSecond` tokens refilled, at most `burst` held. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** One client's bucket: the tokens it held at time `at`. */
interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by client name, one made on each client's first request, full. A request
 * takes a token; a client without one is told how long until it has one (the 429's
 * Retry-After). Tokens are refilled continuously, in proportion to the time since the
 * bucket was last looked at, and never beyond `burst`: a client that keeps to the rate is
 * never refused, one that sends a burst is refused once the burst is spent.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  /** Tokens refilled per microsecond. */
  private readonly perUs: number;

  constructor(private readonly limit: RateLimit) {
    this.perUs = limit.perSecond / 1e6;
  }

  /** Takes one of `client`'s tokens at `now`: 0 when there was one, else the microseconds until there is. */
  take(client: string, now: number): number {
    const { burst } = this.limit;
    let b = this.buckets.get(client);
    if (b === undefined) {
      b = { tokens: burst, at: now };
      this.buckets.set(client, b);
    }
    const perUs = this.perUs;
    b.tokens = Math.min(burst, b.tokens + (now - b.at) * perUs);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / perUs);
  }
}
