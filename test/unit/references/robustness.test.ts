import * as assert from 'node:assert/strict';
import { commentSpans, compileIdPatterns, isReferenceContext, scanReferences } from '../../../server/src/core/references';

/** Small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PATHS = [
  'a.ts',
  'a.py',
  'a.go',
  'A.java',
  'A.kt',
  'a.c',
  'a.cpp',
  'A.cs',
  'a.rs',
  'a.rb',
  'a.php',
  'A.swift',
  'A.scala',
  'a.sh',
  'a.sql',
  'a.yaml',
  'a.toml',
  'a.tf',
  'Dockerfile',
  'a.html',
  'a.css',
  'a.scss',
  'a.lua',
  'Makefile',
  'a.ini',
  'a.properties',
  'App.vue',
];

/** Fragments that open, close or escape something in one language or another. */
const PIECES = [
  '"',
  "'",
  '`',
  '"""',
  "'''",
  '/*',
  '*/',
  '//',
  '#',
  '--',
  '\\',
  '\n',
  '\r\n',
  '${',
  '}',
  '{',
  '(',
  ')',
  '[[',
  ']]',
  '--[==[',
  ']==]',
  '<!--',
  '-->',
  'r#"',
  '"#',
  'R"x(',
  ')x"',
  '@"',
  '<<EOF',
  '\nEOF\n',
  '=begin',
  '\n=end',
  '/',
  '<script>',
  '</script>',
  ' ',
  'INC-1',
  'a',
  '\\(',
  ' # ',
  "'a",
];

describe('references: robustness on arbitrary input', () => {
  it('always terminates with ordered, non-overlapping comment spans inside the text', () => {
    const next = random(20261121);
    const { matcher } = compileIdPatterns([]);
    for (let round = 0; round < 150; round++) {
      let text = '';
      const length = 1 + Math.floor(next() * 60);
      for (let k = 0; k < length; k++) text += PIECES[Math.floor(next() * PIECES.length)];
      for (const path of PATHS) {
        const spans = commentSpans(path, text);
        let previousEnd = 0;
        for (const span of spans) {
          assert.ok(span.start >= previousEnd && span.end > span.start && span.end <= text.length, `${path}: ${JSON.stringify(text)}`);
          previousEnd = span.end;
        }
        for (const match of scanReferences(path, text, matcher)) {
          assert.ok(
            spans.some((span) => span.start <= match.start && match.end <= span.end),
            `${path}: ${JSON.stringify(text)}`,
          );
        }
        isReferenceContext(path, text, Math.floor(next() * (text.length + 1)));
      }
    }
  });
});
