/** Scenario problems: where (file, line, field path), what was given, what was expected; reported together. */

/** One problem with a scenario. */
export interface ScenarioProblem {
  /** Field path, e.g. `fillers.count` or `sweep.polling.interval[1]`. Empty for the whole file. */
  path: string;
  /** 1-based line in the file, when known (YAML and JSON sources). */
  line?: number;
  /** What is wrong: "expected ..., got ...". */
  message: string;
}

/** Raised for a scenario that cannot be run; carries every problem found, not just the first. */
export class ScenarioError extends Error {
  constructor(
    /** The file (or a label for text given directly). */
    readonly source: string,
    readonly problems: readonly ScenarioProblem[],
  ) {
    super(problems.map((p) => formatProblem(source, p)).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** `scenarios/x.yaml:12 fillers.count: expected a positive integer, got -3`. */
export function formatProblem(source: string, p: ScenarioProblem): string {
  const where = p.line !== undefined ? `${source}:${p.line}` : source;
  return p.path !== '' ? `${where} ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

/** Dotted path text of a field path (`a.b[2].c`); keys with dots stay whole (`sweep.polling.interval`). */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out === '' ? String(k) : `.${String(k)}`;
  }
  return out;
}

/** The closest candidate to `word` by edit distance, if close enough to be a likely typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}
