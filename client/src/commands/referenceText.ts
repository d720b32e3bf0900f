/**
 * Pure logic of Insert Incident Reference: what text to insert so that the id counts as a
 * reference (inside a comment in source code; as is in docs and records).
 */

import type { ReferenceContextResult } from '../../../common/protocol';

export interface Insertion {
  text: string;
  /** `cursor`: insert at the cursor; `lineStart`: insert above the cursor's line (text ends with a newline). */
  at: 'cursor' | 'lineStart';
}

/** Languages where every id counts, whatever surrounds it (PRODUCT.md: docs are first-class). */
const PROSE_LANGUAGES = new Set(['markdown', 'plaintext', 'asciidoc', 'restructuredtext']);

/**
 * Comment tokens by VS Code language id, used only when the server cannot answer
 * `incidentLens/referenceContext` (an older server, or a file outside the workspace).
 */
const FALLBACK_TOKENS: Record<string, { line?: string; block?: [string, string] }> = {};
const C_STYLE = { line: '//', block: ['/*', '*/'] as [string, string] };
for (const id of [
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'go',
  'java',
  'kotlin',
  'c',
  'cpp',
  'csharp',
  'rust',
  'php',
  'swift',
  'scala',
  'jsonc',
  'groovy',
  'dart',
]) {
  FALLBACK_TOKENS[id] = C_STYLE;
}
for (const id of ['python', 'ruby', 'shellscript', 'yaml', 'toml', 'dockerfile', 'makefile', 'perl', 'r', 'powershell', 'terraform', 'hcl']) {
  FALLBACK_TOKENS[id] = { line: '#' };
}
FALLBACK_TOKENS.sql = { line: '--', block: ['/*', '*/'] };
FALLBACK_TOKENS.lua = { line: '--', block: ['--[[', ']]'] };
FALLBACK_TOKENS.css = { block: ['/*', '*/'] };
FALLBACK_TOKENS.scss = C_STYLE;
FALLBACK_TOKENS.less = C_STYLE;
for (const id of ['html', 'xml', 'vue', 'svelte']) FALLBACK_TOKENS[id] = { block: ['<!--', '-->'] };

/**
 * A best-effort context from the language id and the line text, for when the server is unavailable.
 * It only recognises comments that open on the cursor's own line; the server's answer is exact.
 */
export function fallbackReferenceContext(languageId: string, lineText: string, character: number): ReferenceContextResult {
  if (PROSE_LANGUAGES.has(languageId)) return { inComment: true };
  const tokens = FALLBACK_TOKENS[languageId];
  if (!tokens) return { inComment: true };
  const before = lineText.slice(0, character);
  const inLineComment = tokens.line !== undefined && before.includes(tokens.line);
  const inBlockComment = tokens.block !== undefined && before.lastIndexOf(tokens.block[0]) > before.lastIndexOf(tokens.block[1]);
  return { inComment: inLineComment || inBlockComment, lineComment: tokens.line, blockComment: tokens.block };
}

/** Characters after which an id needs no separating space. */
const OPENERS = /[\s([{"'`<]$/;

/** The text to insert for `id` at `character` of `lineText`, given what the server said about that spot. */
export function referenceInsertion(id: string, context: ReferenceContextResult, lineText: string, character: number): Insertion {
  const before = lineText.slice(0, character);
  const after = lineText.slice(character);
  const spaceBefore = before === '' || OPENERS.test(before) ? '' : ' ';

  if (context.inComment) {
    const spaceAfter = /^[\w-]/.test(after) ? ' ' : '';
    return { text: `${spaceBefore}${id}${spaceAfter}`, at: 'cursor' };
  }

  const block = context.blockComment;
  const line = context.lineComment;
  const codeFollows = after.trim() !== '';
  if (!codeFollows && line !== undefined) {
    return { text: `${spaceBefore}${line} see ${id}`, at: 'cursor' };
  }
  if (block !== undefined) {
    // Mid-line, a block comment keeps the code after the cursor outside the comment.
    const spaceAfter = codeFollows && !/^\s/.test(after) ? ' ' : '';
    return { text: `${spaceBefore}${block[0]} see ${id} ${block[1]}${spaceAfter}`, at: 'cursor' };
  }
  if (line !== undefined) {
    // Only line comments and code after the cursor: a comment line above keeps the code intact.
    const indent = /^\s*/.exec(lineText)?.[0] ?? '';
    return { text: `${indent}${line} see ${id}\n`, at: 'lineStart' };
  }
  // No comment syntax known: the bare id is the best the language allows.
  return { text: `${spaceBefore}${id}`, at: 'cursor' };
}
