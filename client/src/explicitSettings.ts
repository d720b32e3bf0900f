/**
 * Settings as the server should see them: only what the user set. VS Code's configuration API
 * fills in every declared default, which would make the defaults shadow `.incident-lens.yaml`
 * (PRODUCT.md: settings override the file only where they are set).
 */

/**
 * The object for configuration `section` (`incidentLens`, `incidentLens.git`, or one leaf key)
 * built from explicitly set full keys. Null when nothing under the section is set, as
 * `workspace/configuration` answers for an unknown section.
 */
export function sectionFromExplicit(section: string, explicit: ReadonlyMap<string, unknown>): unknown {
  if (explicit.has(section)) return explicit.get(section);
  const prefix = `${section}.`;
  let result: Record<string, unknown> | null = null;
  for (const [key, value] of explicit) {
    if (!key.startsWith(prefix)) continue;
    result ??= {};
    const path = key.slice(prefix.length).split('.');
    let node = result;
    for (const part of path.slice(0, -1)) {
      const child = node[part];
      node = (node[part] = typeof child === 'object' && child !== null ? child : {}) as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return result;
}
