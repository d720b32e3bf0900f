/** `incident-lens review`: the past incidents the change on this branch touches, for reviewers and CI. */
import { failsGate, gateBlindedBy, type ReviewBase, type ReviewReport } from '../../core/features/review';
import { MIN_MARKDOWN_BYTES, renderReviewMarkdown } from '../../core/render/review/markdown';
import { renderReviewSarif } from '../../core/render/review/sarif';
import { renderReviewText } from '../../core/render/review/text';
import { GitError } from '../../host/git';
import { reviewFolder } from '../../host/reviewRun';
import { PRODUCT_VERSION } from '../../../../common/runtime';
import { clean, formatOf, gitOptions, openCommandFolder, UsageError, type CliCommand } from '../context';

export const DEFAULT_MAX_BYTES = 60_000;

export const reviewCommand: CliCommand = {
  name: 'review',
  usage: `incident-lens review [folder] [--base REF] [--format markdown|text|json|sarif] [--max-bytes N] [--fail-on SEVERITY]
      The past incidents the change from the merge base with REF (default: the default branch)
      to the working tree touches, strongest tie first. Markdown stays under --max-bytes
      (default ${DEFAULT_MAX_BYTES}). Exit 0; 1 when a touched incident is at --fail-on or more
      severe; 2 when it cannot run (not a git repository, unknown base).`,
  options: { format: { type: 'string' }, base: { type: 'string' }, 'max-bytes': { type: 'string' }, 'fail-on': { type: 'string' }, ...gitOptions },
  async run(positionals, values, ctx) {
    const format = formatOf(values, 'review', ['markdown', 'text', 'json', 'sarif']);
    if (positionals.length > 1) throw new UsageError('review takes at most one folder');
    const maxBytes = parseMaxBytes(values['max-bytes'] as string | undefined);
    const failOn = values['fail-on'] as string | undefined;
    const folder = await openCommandFolder(positionals[0], ctx);
    if (failOn !== undefined && !folder.options.severities.includes(failOn)) {
      throw new UsageError(`--fail-on must be one of the configured severities (${folder.options.severities.join(', ')}), not "${failOn}"`);
    }
    let report: ReviewReport;
    // The gate is judged from the merge base: a change cannot lower the bar it is judged by.
    let judgedFrom: ReviewBase | undefined;
    try {
      const onBase = (base: ReviewBase) => (judgedFrom = base);
      report = await reviewFolder(folder, { base: values.base as string | undefined, git: !values['no-git'], onBase }, ctx);
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      ctx.stderr.write(`incident-lens review: ${clean(error.message)}\n`);
      return 2;
    }
    if (format === 'json') ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (format === 'sarif') ctx.stdout.write(`${renderReviewSarif(report, PRODUCT_VERSION)}\n`);
    else if (format === 'markdown') ctx.stdout.write(renderReviewMarkdown(report, maxBytes));
    else ctx.stdout.write(`${renderReviewText(report)}\n`);
    if (failOn === undefined || judgedFrom === undefined) return 0;
    const blinded = gateBlindedBy(report);
    if (blinded.length) {
      ctx.stderr.write(
        `incident-lens review: --fail-on: the change edits ${blinded.join(', ')} in the configuration, which decide the incidents the gate can see; it fails until a person reviews that change\n`,
      );
      return 1;
    }
    return failsGate(report, failOn, judgedFrom, folder.options.severities) ? 1 : 0;
  },
};

function parseMaxBytes(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_BYTES;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < MIN_MARKDOWN_BYTES)
    throw new UsageError(`--max-bytes must be a whole number of at least ${MIN_MARKDOWN_BYTES}, not "${value}"`);
  return n;
}
