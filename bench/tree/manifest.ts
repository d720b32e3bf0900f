// What the generator knows about the tree it wrote (manifest.json beside it): the ground truth the
// measurements place their requests by and check the CLI's output against.

export interface Counts {
  sourceFiles: number;
  refFiles: number;
  commentRefs: number;
  unknownCommentRefs: number;
  stringRefs: number;
  stringOnlyFiles: number;
  minified: number;
  binary: number;
  nodeModulesFiles: number;
  recordFiles: number;
  yamlRecords: number;
  mdRecords: number;
  recordRefs: number;
  unknownRelated: number;
  missingCodePaths: number;
  bytes: number;
  unknownIds?: number;
  decoyIds?: { stringLiterals: number; nodeModules: number; minifiedOrBinary: number };
  gitRepository?: boolean;
}

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
