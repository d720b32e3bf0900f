/**
 * What every SARIF log Incident Lens writes shares: the envelope (SARIF 2.1.0, as GitHub code
 * scanning reads it), rule metadata and stable fingerprints. `check --format sarif` and
 * `review --format sarif` both go through here.
 */

/** A rule as code scanning shows it: a title, a paragraph, and help in text and Markdown. */
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: string;
  fullDescription: string;
  helpText: string;
  helpMarkdown: string;
  level: 'error' | 'warning' | 'note';
}

export interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: string;
  path: string;
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  /** Stable across runs: what code scanning uses to tell a new alert from a known one. */
  fingerprint: string;
}

/** Key under `partialFingerprints`; the version changes only if the hashed parts do. */
export const FINGERPRINT_KEY = 'incidentLens/v1';

/**
 * A 64-bit FNV-1a hash of the parts, in hex: stable across runs, machines and versions of Node
 * (no dependency on a crypto provider), which is all a fingerprint needs.
 */
export function stableHash(parts: readonly string[]): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (const part of parts) {
    for (const byte of new TextEncoder().encode(`${part}\u0000`)) {
      hash ^= BigInt(byte);
      hash = (hash * prime) & mask;
    }
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * Fingerprints for a list of results keyed by what identifies them (not their line, which moves
 * as code is edited above them): equal keys get their occurrence number, so they stay distinct.
 */
export function fingerprintsFor(keys: readonly string[][]): string[] {
  const seen = new Map<string, number>();
  return keys.map((parts) => {
    const joined = parts.join('\u0000');
    const occurrence = seen.get(joined) ?? 0;
    seen.set(joined, occurrence + 1);
    return stableHash([...parts, String(occurrence)]);
  });
}

/** The whole log: one run, the rules that results use, results pointing at folder-relative paths. */
export function sarifLog(rules: readonly SarifRule[], results: readonly SarifResult[], version: string, rootDescription: string): string {
  const used = rules.filter((r) => results.some((x) => x.ruleId === r.id));
  const ruleIndex = new Map(used.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Incident Lens',
            version,
            informationUri: 'https://www.npmjs.com/package/incident-lens',
            rules: used.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.shortDescription },
              fullDescription: { text: r.fullDescription },
              help: { text: r.helpText, markdown: r.helpMarkdown },
              defaultConfiguration: { level: r.level },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: rootDescription } } },
        results: results.map((x) => ({
          ruleId: x.ruleId,
          ruleIndex: ruleIndex.get(x.ruleId),
          level: x.level,
          message: { text: x.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: x.path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: x.startLine,
                  ...(x.startColumn !== undefined ? { startColumn: x.startColumn } : {}),
                  ...(x.endLine !== undefined ? { endLine: x.endLine } : {}),
                  ...(x.endColumn !== undefined ? { endColumn: x.endColumn } : {}),
                },
              },
            },
          ],
          partialFingerprints: { [FINGERPRINT_KEY]: x.fingerprint },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
