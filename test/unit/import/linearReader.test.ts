/**
 * The import reader is linear in its input: a postmortem is hostile text, and one pattern that
 * backtracks made a 6 KB timeline take minutes. Every pattern of the reader is checked for the
 * constructs that backtrack, and hostile shapes are timed at two sizes (a ratio, never a limit).
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RegExpParser, visitRegExpAST, type AST } from '@eslint-community/regexpp';
import * as ts from 'typescript';
import { readPostmortem } from '../../../server/src/core/import';
import { compileIdPatterns } from '../../../server/src/core/references';
import { findBacktrackingHazard } from '../../../server/src/core/references/regex/hazard';
import { consumedChars, firstChars, isCharacter, noChars } from '../../../server/src/core/references/regex/tree';
import { cpuClock, describeDoubling, measureDoubling } from '../../helpers/scaling';

const READER = path.join(__dirname, '../../../server/src/core/import');

interface Found {
  where: string;
  text: string;
  literal?: AST.RegExpLiteral;
}

/** Every regular expression written in the reader's source, with where it is. */
function readerPatterns(): Found[] {
  const parser = new RegExpParser({ ecmaVersion: 2025 });
  const out: Found[] = [];
  for (const name of readdirSync(READER).filter((file) => file.endsWith('.ts'))) {
    const file = ts.createSourceFile(name, readFileSync(path.join(READER, name), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const where = `${name}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      if (ts.isRegularExpressionLiteral(node)) out.push({ where, text: node.text, literal: parser.parseLiteral(node.text) });
      else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText() === 'RegExp') out.push({ where, text: node.getText() });
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return out;
}

/**
 * Whether a pattern tried at every position can rescan the same characters from each: it is not
 * anchored, and a repetition without bound can consume a character the pattern starts with
 * (`\s+$` over a run of spaces, `\[[^\]]*\]` over a run of brackets). A lone repeated class
 * (`[\s_-]+`) is exempt: once it starts, it cannot fail.
 */
function rescans({ pattern, flags }: AST.RegExpLiteral): boolean {
  if (flags.sticky) return false;
  const anchored = (alternative: AST.Alternative) => {
    const first = alternative.elements[0];
    return first?.type === 'Assertion' && first.kind === 'start';
  };
  if (!flags.multiline && pattern.alternatives.every(anchored)) return false;
  const only = pattern.alternatives.length === 1 && pattern.alternatives[0].elements.length === 1 ? pattern.alternatives[0].elements[0] : undefined;
  if (only?.type === 'Quantifier' && only.min <= 1 && isCharacter(only.element)) return false;
  const starts = pattern.alternatives.reduce((chars, alternative) => chars.union(firstChars(alternative)), noChars());
  let found = false;
  visitRegExpAST(pattern, {
    onQuantifierEnter(quantifier) {
      if (quantifier.max === Infinity && !consumedChars(quantifier.element).isDisjointWith(starts)) found = true;
    },
  });
  return found;
}

const { matcher } = compileIdPatterns(['INC-\\d+(?:-\\d+)*']);
const ctx = { matcher, severities: ['SEV1', 'SEV2', 'SEV3'] };

/** Postmortems with a hostile part `n` characters long (or `n` times repeated). */
const SHAPES: Record<string, (n: number) => string> = {
  'a run of spaces after a timeline date': (n) => `# T\n\n## Timeline\n\n2024-03-05${' '.repeat(n)}x\n- 10:00${' '.repeat(n)}x\n`,
  'a run of spaces inside the body': (n) => `# T\n\nText${' '.repeat(n)}x\n`,
  'a run of spaces in an ATX heading': (n) => `# T\n\n## a${' '.repeat(n)}b\n\ntext\n`,
  'a run of spaces in metadata and a label': (n) => `# T\n\nDate:${' '.repeat(n)}x\n**Summary**${' '.repeat(n)}:${' '.repeat(n)}x\n`,
  'a table row of spaces': (n) => `# T\n\n## Action items\n\n| a | b |\n|${' '.repeat(n)}x\n`,
  'a table separator with many columns': (n) => `# T\n\n## Action items\n\n| a | b |\n${'|--'.repeat(n / 3)}x\n`,
  'a run of opening brackets': (n) => `# ${'['.repeat(n / 2)}\n\n## Action items\n\n- ${'['.repeat(n / 2)}\n`,
  'links that never close': (n) => `# T\n\n## Action items\n\n- ${'](http://a'.repeat(n / 10)} b\n`,
  'emphasis that never closes': (n) => `# T\n\n## Summary\n\n${'**a _b '.repeat(n / 7)}\n`,
  'nested quotes': (n) => `# T\n\n${'> '.repeat(n / 2)}x\n`,
  'many author lines': (n) => `# T\n\n${Array.from({ length: n / 10 }, (_, i) => `Author: a${i}`).join('\n')}\n`,
  'front matter keys naming one list': (n) =>
    `---\n${Array.from({ length: n / 20 }, (_, i) => `${'_'.repeat(i % 50)}tags${'_'.repeat(Math.floor(i / 50))}: [a${i}]`).join('\n')}\n---\n# T\n`,
  'front matter with many keys': (n) => `---\n${Array.from({ length: n / 2 }, (_, i) => `key_${i}: v`).join('\n')}\n---\n# T\n`,
};

// Linear work doubles (ratio about 2); the patterns this guards against quadruple it or worse.
const LINEAR = 3;
const SIZE = 16_000;

/** Below this a reading's time is mostly a pause of the machine or the collector, not the reader's own. */
const MEASURABLE_MS = 25;

/**
 * The smallest size from SIZE up whose reading takes MEASURABLE_MS of CPU: a shape read in a few
 * milliseconds at SIZE is timed larger, so that noise cannot fake a ratio.
 */
function sizeFor(make: (n: number) => string): number {
  let n = SIZE;
  for (; n < SIZE * 64; n *= 2) {
    const source = { origin: 'x.md', fileName: 'x.md', text: make(n) };
    readPostmortem(source, ctx); // the first reading compiles the reader: time the second
    const started = cpuClock();
    readPostmortem(source, ctx);
    if (cpuClock() - started >= MEASURABLE_MS) break;
  }
  return n;
}

describe('import: the reader is linear in its input', function () {
  this.timeout(600_000);

  it('has no pattern that can backtrack or rescan super-linearly', () => {
    const patterns = readerPatterns();
    assert.ok(patterns.length > 20, `only ${patterns.length} patterns found`);
    const problems = patterns.flatMap(({ where, text, literal }) => {
      // A pattern built at run time cannot be checked here: the reader writes them as literals.
      if (!literal) return [`${where}: ${text}: build patterns as literals, so that this test reads them`];
      const hazard = findBacktrackingHazard(literal.pattern);
      if (hazard) return [`${where}: ${text}: ${hazard}`];
      return rescans(literal) ? [`${where}: ${text}: tried at every position, it can rescan the same run; anchor it or bound it`] : [];
    });
    assert.deepEqual(problems, []);
  });

  for (const [shape, make] of Object.entries(SHAPES)) {
    it(`reads ${shape} in linear time`, async () => {
      const size = sizeFor(make);
      const inputs = new Map([size, 2 * size, 4 * size].map((n) => [n, { origin: 'x.md', fileName: 'x.md', text: make(n) }]));
      const read = (n: number) => readPostmortem(inputs.get(n)!, ctx);
      // The better of two doublings: a collection that lands in one of them can stretch it to 3x,
      // while super-linear work costs 4x or more in both.
      const first = await measureDoubling(read, size, 5, cpuClock);
      const second = await measureDoubling(read, 2 * size, 5, cpuClock);
      const result = first.ratio <= second.ratio ? first : second;
      const detail = describeDoubling(shape, result);
      console.log(`      ${detail}`);
      assert.ok(result.ratio < LINEAR, `not near-linear: ${detail}`);
    });
  }
});
