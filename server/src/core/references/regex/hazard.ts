/**
 * Our backtracking rule: refuse the id patterns whose matching can take exponential (or high
 * polynomial) time before they ever run over a workspace. It is a structural check over the tree,
 * stricter than necessary for a few exotic patterns; id patterns are simple, and a refused one is
 * reported with the reason.
 *
 * A repetition is accepted when each iteration can be told apart from the next: its body cannot
 * match the empty string; alternatives inside it start with different characters; and when the
 * body itself repeats something, it also holds a mandatory character that repeated part can never
 * consume (`(?:-\d+)*` is fine because of the `-`; `(a+)+`, `(\w+\s?)+` are not). Two variable
 * repetitions in a row must not be able to trade characters (`\w+\d+`).
 */
import { canBeEmpty, charsOf, consumedChars, firstChars, isCharacter, lastChars, noChars, unwrapGroups, type AST, type CharSet } from './tree';

const TRADES = 'two repetitions in a row can match the same characters (e.g. "\\w+\\d+"), which backtracks heavily; separate them or make them disjoint';
const EMPTY_BODY = 'a repeated part can match the empty string';
const OVERLAPPING_ALTERNATIVES = 'alternatives inside a repetition can match the same text (e.g. "(a|a)*"), which backtracks catastrophically';
const NESTED_REPETITION = 'a repetition inside a repetition can split the same text in many ways (e.g. "(a+)+"), which backtracks catastrophically';

/** Finds a construct that can make backtracking explode, and says why; undefined when there is none. */
export function findBacktrackingHazard(pattern: AST.Pattern): string | undefined {
  return inAlternatives(pattern.alternatives);
}

function inAlternatives(alternatives: readonly AST.Alternative[]): string | undefined {
  for (const alternative of alternatives) {
    if (tradesCharacters(alternative.elements)) return TRADES;
    for (const element of alternative.elements) {
      const found = inElement(element);
      if (found) return found;
    }
  }
  return undefined;
}

function inElement(element: AST.Element): string | undefined {
  switch (element.type) {
    case 'Group':
    case 'CapturingGroup':
      return inAlternatives(element.alternatives);
    case 'Assertion':
      return element.kind === 'lookahead' || element.kind === 'lookbehind' ? inAlternatives(element.alternatives) : undefined;
    case 'Quantifier':
      return (element.max > 1 ? repetitionHazard(element.element) : undefined) ?? inElement(element.element);
    default:
      return undefined;
  }
}

/** Why repeating `body` more than once can backtrack catastrophically, if it can. */
function repetitionHazard(body: AST.Element): string | undefined {
  if (canBeEmpty(body)) return EMPTY_BODY;
  if (alternativesOverlap(body)) return OVERLAPPING_ALTERNATIVES;
  if (branchesOf(body).some(branchIsAmbiguous)) return NESTED_REPETITION;
  return undefined;
}

/** A repetition whose length can vary (`+`, `*`, `{2,5}`), the kind that gives characters back. */
function isVariableRepeat(element: AST.Element): boolean {
  const inner = unwrapGroups(element);
  return inner.type === 'Quantifier' && inner.max > 1 && inner.max !== inner.min;
}

/**
 * Two variable repetitions in a row that can trade characters (`\d+\d+`, `\w+-?\d+`): each split
 * point is tried, so the cost grows with the product of their lengths. Bounded repetitions keep
 * that finite, but three such would still cost millions of steps per start.
 */
function tradesCharacters(sequence: readonly AST.Element[]): boolean {
  // The characters the repetitions so far can still give back to what follows.
  let carried = noChars();
  for (const item of sequence) {
    if (isVariableRepeat(item)) {
      if (!carried.isDisjointWith(firstChars(item))) return true;
      carried = canBeEmpty(item) ? carried.union(lastChars(item)) : lastChars(item);
    } else if (canBeEmpty(item)) {
      carried = carried.union(lastChars(item));
    } else if (carried.isDisjointWith(firstChars(item))) {
      carried = noChars();
    }
  }
  return false;
}

/** Whether some alternation inside the element has two alternatives that can start alike, or an empty one. */
function alternativesOverlap(element: AST.Element): boolean {
  switch (element.type) {
    case 'Group':
    case 'CapturingGroup':
      return overlapIn(element.alternatives);
    case 'Assertion':
      return (element.kind === 'lookahead' || element.kind === 'lookbehind') && overlapIn(element.alternatives);
    case 'Quantifier':
      return alternativesOverlap(element.element);
    default:
      return false;
  }
}

function overlapIn(alternatives: readonly AST.Alternative[]): boolean {
  if (alternatives.length > 1) {
    const firsts = alternatives.map(firstChars);
    for (let a = 0; a < alternatives.length; a++) {
      if (canBeEmpty(alternatives[a])) return true;
      for (let b = a + 1; b < alternatives.length; b++) if (!firsts[a].isDisjointWith(firsts[b])) return true;
    }
  }
  return alternatives.some((alternative) => alternative.elements.some(alternativesOverlap));
}

/** The sequences one iteration of a repeated body can take: one per top-level alternative. */
function branchesOf(body: AST.Element): (readonly AST.Element[])[] {
  const inner = unwrapGroups(body);
  if (inner.type === 'Group' || inner.type === 'CapturingGroup') return inner.alternatives.map((alternative) => alternative.elements);
  return [[inner]];
}

/**
 * Whether an iteration of this branch can split a run of characters more than one way: it repeats
 * something, and has no mandatory character the repeated parts can never consume.
 */
function branchIsAmbiguous(branch: readonly AST.Element[]): boolean {
  const repeated = repeatedChars(branch);
  if (repeated.isEmpty) return false;
  return !branch.some((item) => mandatoryChars(item)?.isDisjointWith(repeated) === true);
}

/**
 * Every character a variable repetition inside the elements can consume: `+`, `*`, `{2,5}`, and `?`
 * too: in `(?:\d\d?)+` the optional digit lets each pass split a run of digits two ways.
 */
function repeatedChars(elements: readonly AST.Element[]): CharSet {
  let out = noChars();
  for (const element of elements) {
    if (element.type === 'Quantifier') {
      out = out.union(element.min !== element.max ? consumedChars(element.element) : repeatedChars([element.element]));
    } else if (element.type === 'Group' || element.type === 'CapturingGroup') {
      for (const alternative of element.alternatives) out = out.union(repeatedChars(alternative.elements));
    }
  }
  return out;
}

/** The one character every match of the element must consume, when it is that simple. */
function mandatoryChars(element: AST.Element): CharSet | undefined {
  const inner = unwrapGroups(element);
  if (isCharacter(inner)) return charsOf(inner);
  if (inner.type === 'Quantifier' && inner.min >= 1 && inner.max === 1) return mandatoryChars(inner.element);
  return undefined;
}
