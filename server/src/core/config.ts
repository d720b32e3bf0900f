import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { DEFAULT_OPTIONS, type Options, type Problem, type Span } from './model';
import { compileGlobs } from './globs';
import { limitProblems } from './problemLimit';
import { compileIdPatterns, MAX_ID_PATTERNS, tooManyPatterns } from './references';

/** The repository configuration file, at a workspace folder's root. */
export const CONFIG_FILE = '.incident-lens.yaml';

const BLAMELESS_LEVELS = ['off', 'hint', 'information', 'warning'] as const;

export interface ConfigResult {
  options: Options;
  /**
   * `externalRecords`: folders of records kept outside this one, as written (relative to the
   * folder, or absolute). Not an option of the core: the host decides whether to honour them (the
   * editor only in a trusted workspace) and adds the user's own (`--records-from`, settings).
   */
  externalRecords: string[];
  /** Each bad key or value, at its place in the file (`config` problems); defaults stay in force for it. */
  problems: Problem[];
}

type Reporter = (message: string, span: Span) => void;

/**
 * Reads `.incident-lens.yaml` text (all keys optional) on top of the defaults. A bad file never
 * throws: each bad key is reported and keeps its default, the good keys still apply.
 */
export function parseConfigFile(text: string, path = CONFIG_FILE): ConfigResult {
  const problems: Problem[] = [];
  const report: Reporter = (message, span) => problems.push({ path, span, severity: 'error', code: 'config', message });
  const options: Options = { ...DEFAULT_OPTIONS };
  let externalRecords: string[] = [];
  let doc;
  try {
    // The library's own duplicate check compares each key with every earlier one (a 589 KB file
    // of keys took minutes); `duplicateKeys` does it in one pass.
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    report(`cannot be read (${(error as Error).message}); using the defaults.`, { start: 0, end: 0 });
    return { options, problems, externalRecords: [] };
  }
  for (const error of doc.errors) {
    report(`${firstLine(error.message)}; using the defaults.`, { start: error.pos[0], end: error.pos[1] });
  }
  for (const key of duplicateKeys(doc.contents)) report('Map keys must be unique; using the defaults.', key);
  if (problems.length > 0) return finish(options, problems);
  if (doc.contents === null) return finish(options, problems);
  if (!isMap(doc.contents)) {
    report(
      'must be a mapping of settings (records, idPatterns, exclude, maxFileSize, severities, blamelessLanguage, hindsightLanguage, externalRecords); using the defaults.',
      spanOf(doc.contents),
    );
    return finish(options, problems);
  }
  let values: Record<string, unknown>;
  try {
    // Aliases are expanded only here, with a cap, so an alias bomb is an error and not a hang.
    values = doc.toJS({ maxAliasCount: 50 }) as Record<string, unknown>;
  } catch (error) {
    report(`${firstLine((error as Error).message)}; using the defaults.`, spanOf(doc.contents));
    return finish(options, problems);
  }
  for (const pair of doc.contents.items) {
    const keyNode = pair.key as YamlNode;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const valueNode = (pair.value ?? keyNode) as YamlNode;
    const value = values[key];
    if (key === 'externalRecords') {
      const list = stringList(value);
      if (!list || list.some((item) => item.trim() === ''))
        report('externalRecords must be a list of folder paths (relative to this folder, or absolute).', spanOf(valueNode));
      else externalRecords = list;
      continue;
    }
    applySetting(options, key, value, (message, span) => report(message, span ?? spanOf(valueNode)), spanOf(keyNode));
  }
  return finish(options, problems, externalRecords);
}

/** The result, with problems in file order and bounded like a record's. */
function finish(options: Options, problems: Problem[], externalRecords: string[] = []): ConfigResult {
  problems.sort((a, b) => a.span.start - b.span.start);
  return { options, problems: limitProblems(problems), externalRecords };
}

/**
 * Where a mapping repeats a key, at any depth: the span of each repeated key (not the first).
 * Keys are equal when they are scalars of the same value, as the library's own check has it. A
 * walk with an explicit stack, so that deep nesting cannot overflow it.
 */
function duplicateKeys(root: YamlNode | null): Span[] {
  const found: Span[] = [];
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          if (seen.has(pair.key.value)) found.push({ start: spanOf(pair.key).start, end: spanOf(pair.key).start + 1 });
          else seen.add(pair.key.value);
        }
        pending.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    }
  }
  return found;
}

/**
 * Applies editor settings (`incidentLens.*`, already a plain object) over options from the file.
 * Returns messages for bad values; those keys keep what they had.
 */
export function applySettings(base: Options, settings: Record<string, unknown> | undefined): { options: Options; errors: string[] } {
  const options: Options = { ...base };
  const errors: string[] = [];
  if (!settings) return { options, errors };
  for (const key of Object.keys(DEFAULT_OPTIONS) as Array<keyof Options>) {
    const value = settings[key];
    // An empty list or null in settings means "not set": the file's value (or default) stays.
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    applySetting(options, key, value, (message) => errors.push(`incidentLens.${key}: ${message}`), { start: 0, end: 0 });
  }
  return { options, errors };
}

function applySetting(options: Options, key: string, value: unknown, report: (message: string, span?: Span) => void, keySpan: Span): void {
  switch (key) {
    case 'records':
    case 'exclude': {
      const list = stringList(value);
      if (!list) return report(`${key} must be a list of glob strings; using the default.`);
      const { refused } = compileGlobs(list);
      for (const { glob, reason } of refused) report(`${key}: the glob ${JSON.stringify(glob)} ${reason}; it is ignored.`, keySpan);
      const refusedGlobs = new Set(refused.map((r) => r.glob));
      const usable = list.filter((glob) => !refusedGlobs.has(glob));
      // Every glob refused: the default stays, rather than no records (or no exclusions) at all.
      if (usable.length === 0 && list.length > 0) return;
      options[key] = usable;
      return;
    }
    case 'severities': {
      const list = stringList(value);
      if (!list || list.length === 0) return report('severities must be a non-empty list of strings; using the default.');
      options.severities = list;
      return;
    }
    case 'idPatterns': {
      const list = stringList(value);
      if (!list || list.length === 0) return report('idPatterns must be a non-empty list of regular expressions; using the default.');
      if (list.length > MAX_ID_PATTERNS) report(`${tooManyPatterns(list.length)}; the rest are ignored.`, keySpan);
      const considered = list.slice(0, MAX_ID_PATTERNS);
      const { errors } = compileIdPatterns(considered);
      const accepted = considered.filter((_, index) => !errors.some((e) => e.index === index));
      for (const error of errors) {
        const fallback = accepted.length ? 'this pattern is ignored' : 'using the default id pattern';
        report(`pattern ${JSON.stringify(error.pattern)}: ${error.message}; ${fallback}.`);
      }
      if (accepted.length) options.idPatterns = accepted;
      return;
    }
    case 'maxFileSize': {
      if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
        return report('maxFileSize must be a positive whole number of bytes; using the default (1 MiB).');
      }
      options.maxFileSize = value;
      return;
    }
    case 'blamelessLanguage':
    case 'hindsightLanguage': {
      if (typeof value !== 'string' || !(BLAMELESS_LEVELS as readonly string[]).includes(value)) {
        return report(`${key} must be one of ${BLAMELESS_LEVELS.join(', ')}; using the default.`);
      }
      options[key] = value as Options['blamelessLanguage'];
      return;
    }
    case 'git':
      // Git settings are read by the host (they decide whether and how far history is read).
      return;
    default:
      report(`unknown setting "${key}" (known: ${Object.keys(DEFAULT_OPTIONS).join(', ')}, externalRecords, git).`, keySpan);
  }
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return undefined;
  return value as string[];
}

function spanOf(node: YamlNode | null | undefined): Span {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/** Options for one folder: its configuration file (when it has one) under the editor's settings. */
export function resolveOptions(
  configText: string | undefined,
  settings?: Record<string, unknown>,
): { options: Options; problems: Problem[]; settingsErrors: string[]; externalRecords: string[] } {
  const fromFile = configText === undefined ? { options: { ...DEFAULT_OPTIONS }, problems: [], externalRecords: [] } : parseConfigFile(configText);
  const { options, errors } = applySettings(fromFile.options, settings);
  return { options, problems: fromFile.problems, settingsErrors: errors, externalRecords: fromFile.externalRecords };
}
