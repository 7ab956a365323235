/** The stylesheet of report.html, inlined so the file works offline and alone. */

/** CSS of the report: system fonts, readable widths, tables and charts that scroll rather than overflow. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 "DejaVu Sans", Verdana, system-ui, sans-serif; color: var(--ink); background: #fff; }
header, main { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 20px; border-bottom: 1px solid var(--line); padding-bottom: 10px; }
h1 { font-size: 24px; margin: 0 0 6px; }
h2 { font-size: 20px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 6px; }
nav a { color: #0969da; text-decoration: none; }
.lead { font-size: 16px; max-width: 900px; margin: 4px 0; }
.facts { font-size: 14px; margin: 4px 0; }
.note, .unit, figcaption { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
table.kv th { white-space: nowrap; }
table.kv code { white-space: pre-wrap; word-break: break-word; }
.num { font-variant-numeric: tabular-nums; }
.tie { color: var(--muted); }
.pat { display: inline-block; min-width: 1.6em; padding: 0 4px; border-radius: 4px; font-weight: 700; text-align: center; }
ul.findings li { margin: 4px 0; max-width: 1100px; }
td.verdict { font-weight: 600; white-space: nowrap; }
td.verdict.holds { color: #1a7f37; }
td.verdict.fails { color: #cf222e; }
td.verdict.mixed { color: #9a6700; }
td.verdict.unknown { color: var(--muted); }
section { overflow-x: auto; }
figure.chart { margin: 18px 0; padding: 8px; border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; }
figure.chart svg { display: block; max-width: none; }
details.sequence { margin: 8px 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
details.sequence summary { cursor: pointer; font-weight: 600; }
pre { background: var(--bg); padding: 8px; overflow-x: auto; font-size: 12px; line-height: 1.4; }
`;
