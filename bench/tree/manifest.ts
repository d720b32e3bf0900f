// What the generator knows about the tree it wrote (manifest.json beside it): the ground truth the
// measurements place their requests by and check the CLI's output against.

/** What the tree holds, counted as it is written (all zero to begin with). */
export function newCounts() {
  return {
    sourceFiles: 0,
    refFiles: 0,
    commentRefs: 0,
    unknownCommentRefs: 0,
    stringRefs: 0,
    stringOnlyFiles: 0,
    minified: 0,
    binary: 0,
    nodeModulesFiles: 0,
    recordFiles: 0,
    yamlRecords: 0,
    mdRecords: 0,
    recordRefs: 0,
    unknownRelated: 0,
    missingCodePaths: 0,
    bytes: 0,
    unknownIds: undefined as number | undefined,
    decoyIds: undefined as { stringLiterals: number; nodeModules: number; minifiedOrBinary: number } | undefined,
    gitRepository: undefined as boolean | undefined,
  };
}
export type Counts = ReturnType<typeof newCounts>;

/** A planted reference in a comment: where its id starts (0-based line and column). */
export interface PlantedRef {
  path: string;
  line: number;
  col: number;
  id: string;
  known: boolean;
}

export interface RecordEntry {
  id: string;
  path: string;
  idLine: number;
  idCol: number;
}

export interface GenerateTimings {
  writeMs: number;
  gitAddMs: number;
  gitCommitMs: number;
  totalMs: number;
}

export interface Manifest {
  generatorVersion: number;
  options: { records: number; files: number; seed: number };
  counts: Counts;
  timings: GenerateTimings;
  refs: PlantedRef[];
  records: RecordEntry[];
}

/**
 * The ids the generator hands out. Ids no record defines: INC-2099-* are real unknown references
 * (in comments, docs, `related`), each should be reported once. Decoys must never be reported
 * (the text is not a reference or the file is skipped): INC-2097-* in string literals, INC-2096-*
 * in node_modules, INC-2095-* in minified (over maxFileSize) and binary files.
 */
export interface Ids {
  known: string[];
  fake(year: 2099 | 2097 | 2096 | 2095): string;
}
