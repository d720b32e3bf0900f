/**
 * Finding incident ids in files: configured id patterns, per-language comment scanning, and the
 * file-level questions built on them. Pure: works on paths and text only.
 */
export { compileIdPatterns, DEFAULT_ID_PATTERN, MAX_ID_LENGTH, MAX_ID_PATTERNS, MAX_PATTERN_LENGTH, tooManyPatterns } from './patterns';
export type { IdMatch, IdMatcher, PatternError } from './patterns';
export { commentTokensFor, scanModeFor } from './languages';
export type { ScanMode } from './languages';
export type { CommentTokens } from './syntax';
export { commentSpans, isReferenceContext, scanReferences } from './scan';
