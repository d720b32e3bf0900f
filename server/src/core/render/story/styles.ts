/**
 * The story page's one stylesheet. In VS Code's webview the `--vscode-*` variables follow the
 * theme; a page opened from `show --format html` gets the fallbacks (light, or dark when the
 * browser prefers it). Colours of event sources use VS Code's chart palette.
 */
export const STORY_CSS = `
:root {
  --fg: var(--vscode-foreground, #1f2328);
  --muted: var(--vscode-descriptionForeground, #59636e);
  --bg: var(--vscode-editor-background, #ffffff);
  --panel: var(--vscode-sideBar-background, #f6f8fa);
  --border: var(--vscode-panel-border, #d1d9e0);
  --link: var(--vscode-textLink-foreground, #0969da);
  --focus: var(--vscode-focusBorder, #0969da);
  --code-bg: var(--vscode-textCodeBlock-background, #eff1f3);
  --badge-bg: var(--vscode-badge-background, #e7ecf0);
  --badge-fg: var(--vscode-badge-foreground, #1f2328);
  --c-log: var(--vscode-charts-blue, #1a7fd4);
  --c-chat: var(--vscode-charts-purple, #8250df);
  --c-dashboard: var(--vscode-charts-green, #1a7f37);
  --c-deploy: var(--vscode-charts-orange, #bc4c00);
  --c-page: var(--vscode-charts-red, #cf222e);
  --c-interview: var(--vscode-charts-yellow, #9a6700);
  --c-other: var(--vscode-charts-foreground, #59636e);
  --band-detected: var(--vscode-charts-red, #cf222e);
  --band-mitigated: var(--vscode-charts-orange, #bc4c00);
  --band-resolved: var(--vscode-charts-green, #1a7f37);
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: var(--vscode-foreground, #e6edf3);
    --muted: var(--vscode-descriptionForeground, #9198a1);
    --bg: var(--vscode-editor-background, #0d1117);
    --panel: var(--vscode-sideBar-background, #151b23);
    --border: var(--vscode-panel-border, #3d444d);
    --link: var(--vscode-textLink-foreground, #4493f8);
    --focus: var(--vscode-focusBorder, #4493f8);
    --code-bg: var(--vscode-textCodeBlock-background, #262c36);
    --badge-bg: var(--vscode-badge-background, #2f3742);
    --badge-fg: var(--vscode-badge-foreground, #e6edf3);
  }
}
body {
  margin: 0;
  padding: 0 24px 48px;
  color: var(--fg);
  background: var(--bg);
  font-family: var(--vscode-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
  font-size: var(--vscode-font-size, 14px);
  line-height: 1.55;
}
main { max-width: 960px; margin: 0 auto; }
header.story-header { padding: 20px 0 8px; border-bottom: 1px solid var(--border); margin-bottom: 8px; }
.story-id { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); color: var(--muted); margin: 0; }
h1 { font-size: 1.6em; line-height: 1.25; margin: 4px 0 8px; font-weight: 600; }
h2 { font-size: 1.15em; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
h3, h4, h5, h6 { font-size: 1em; margin: 18px 0 6px; }
.facts { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; color: var(--muted); margin: 0; padding: 0; list-style: none; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; background: var(--badge-bg); color: var(--badge-fg); font-size: 0.85em; }
.summary { font-size: 1.08em; }
.muted { color: var(--muted); }
code { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); background: var(--code-bg); padding: 1px 4px; border-radius: 3px; font-size: 0.92em; }
pre { background: var(--code-bg); padding: 8px 12px; border-radius: 4px; overflow-x: auto; }
pre code { background: none; padding: 0; }
a, button.link { color: var(--link); }
button.link { background: none; border: 0; padding: 0; font: inherit; cursor: pointer; text-align: left; text-decoration: underline; }
a:focus-visible, button.link:focus-visible, .mark:focus-visible, tr:target { outline: 2px solid var(--focus); outline-offset: 2px; }
.unsafe-link { text-decoration: underline dotted; }
.narrative { border-left: 3px solid var(--border); padding-left: 14px; }
.perspectives { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px; }
.perspective { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 10px 12px; margin: 0; }
.perspective figcaption { font-weight: 600; }
.perspective .role { color: var(--muted); font-weight: normal; }
.perspective blockquote { margin: 6px 0 0; }
.difficulties { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.difficulty h3 { margin-top: 0; text-transform: capitalize; }
ul { padding-left: 20px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--border); }
th { color: var(--muted); font-weight: 600; }
td.when { white-space: nowrap; font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: 0.9em; }
.status-done { color: var(--c-dashboard); }
.status-wont-do { color: var(--muted); text-decoration: line-through; }
.status-open { color: var(--c-deploy); }
.phases { color: var(--muted); margin: 4px 0 8px; }
svg.timeline { display: block; overflow: visible; margin: 8px 0; }
svg.timeline text { fill: var(--fg); font-size: 11px; font-family: var(--vscode-font-family, system-ui, sans-serif); }
svg.timeline .tick-label { fill: var(--muted); }
svg.timeline .axis, svg.timeline .tick { stroke: var(--muted); stroke-width: 1; }
svg.timeline .phase-line { stroke: var(--muted); stroke-dasharray: 3 3; stroke-width: 1; }
svg.timeline .band rect { opacity: 0.12; }
svg.timeline .band-detected rect { fill: var(--band-detected); }
svg.timeline .band-mitigated rect { fill: var(--band-mitigated); }
svg.timeline .band-resolved rect { fill: var(--band-resolved); }
svg.timeline .band-label { fill: var(--muted); }
svg.timeline .mark circle { stroke: var(--bg); stroke-width: 1.5; }
svg.timeline .mark.clamped circle { fill: var(--bg); stroke-width: 2; }
svg.timeline .readout { display: none; font-weight: 600; }
svg.timeline .mark:hover .readout, svg.timeline .mark:focus .readout { display: inline; }
svg.timeline .mark:hover circle, svg.timeline .mark:focus circle { r: 7; }
${['log', 'chat', 'dashboard', 'deploy', 'page', 'interview', 'other']
  .map(
    (s) =>
      `svg.timeline .src-${s} circle { fill: var(--c-${s}); } svg.timeline .src-${s}.clamped circle { stroke: var(--c-${s}); } .legend .src-${s}::before { background: var(--c-${s}); }`,
  )
  .join('\n')}
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; list-style: none; padding: 0; margin: 0; color: var(--muted); font-size: 0.9em; }
.legend li::before { content: ''; display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 5px; vertical-align: baseline; }
.image-placeholder { color: var(--muted); }
footer { margin-top: 32px; color: var(--muted); font-size: 0.85em; }
`;
