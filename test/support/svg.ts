/** Reading the SVG vega writes: mark groups by name, their items, axis titles, colours. */

/** The contents of every `<g class="mark-<type> role-mark <name>_marks">` group (one per facet cell). */
export function markGroups(svg: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<g class="mark-[a-z]+ role-mark ${name}_marks"[^>]*>`, 'g');
  for (const m of svg.matchAll(re)) {
    const start = (m.index ?? 0) + m[0].length;
    out.push(svg.slice(start, svg.indexOf('</g>', start)));
  }
  return out;
}

/** How many items (`<path`, `<text`, `<line`) the mark groups named `name` hold, over all facet cells. */
export function countItems(svg: string, name: string, tag: 'path' | 'text' | 'line'): number {
  return markGroups(svg, name).reduce((n, g) => n + (g.match(new RegExp(`<${tag}[ >]`, 'g'))?.length ?? 0), 0);
}

/** The texts of the axis titles. */
export function axisTitles(svg: string): string[] {
  return [...svg.matchAll(/<g class="mark-text role-axis-title"[^>]*><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] as string);
}

/** The `fill` of the items of `name` whose aria-label mentions `pattern: X`, per pattern. */
export function fillsByPattern(svg: string, name: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const g of markGroups(svg, name)) {
    for (const m of g.matchAll(/<path aria-label="[^"]*pattern: ([A-Z])[;"][^>]*?fill="(#[0-9a-f]{6})"/g)) {
      const set = out.get(m[1] as string) ?? new Set<string>();
      set.add(m[2] as string);
      out.set(m[1] as string, set);
    }
  }
  return out;
}
