/** Outages: windows of simulated time in which a server does not answer, or a subscriber's endpoint refuses deliveries. */

/** One outage as a scenario states it. */
export interface OutageConfig {
  /** `server`: a FHIR server stops answering; `endpoint`: a subscriber's notification endpoint refuses deliveries. */
  kind: 'server' | 'endpoint';
  /**
   * Which: a server role (`intermediary`, `placer`, `filler`, `broker`: every server of it),
   * or an actor (`placer/3`, `filler/0`: its own server, or its endpoint); for endpoints also
   * `placers`, `fillers` (every such actor's endpoint) or `broker`.
   */
  target: string;
  /** Start, microseconds from the start of the run. */
  at: number;
  /** Length, microseconds. */
  for: number;
}

/** The outage windows of one server or endpoint, in time order. */
export class OutageSchedule {
  private readonly windows: { start: number; end: number }[];

  constructor(outages: readonly OutageConfig[]) {
    this.windows = outages.map((o) => ({ start: o.at, end: o.at + o.for })).sort((a, b) => a.start - b.start);
  }

  /** Whether it is down at `now` (a window is [start, end)). */
  isDown(now: number): boolean {
    for (const w of this.windows) {
      if (now < w.start) return false;
      if (now < w.end) return true;
    }
    return false;
  }

  /** When the window that holds `now` ends (`now` itself when it is up). */
  upAgainAt(now: number): number {
    for (const w of this.windows) if (now >= w.start && now < w.end) return w.end;
    return now;
  }
}

/** Whether outage `o` of kind `kind` concerns the server or endpoint `name` that plays `role` for `actor`. */
export function outageConcerns(o: OutageConfig, kind: OutageConfig['kind'], role: string, actor: string): boolean {
  if (o.kind !== kind) return false;
  if (o.target === role || o.target === actor) return true;
  return kind === 'endpoint' && ((o.target === 'placers' && actor.startsWith('placer/')) || (o.target === 'fillers' && actor.startsWith('filler/')));
}
