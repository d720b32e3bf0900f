/** Revisions: HEAD, a base named from outside, the default branch and merge bases, said once. */
import { GitError, type GitRunner } from './runner';

/** A full commit hash as git prints it (SHA-1 or SHA-256). */
export const FULL_HASH = /^[0-9a-f]{40,64}$/;

/** Where a branch is compared with when no base is named: the first of these that exists. */
const DEFAULT_BRANCHES = ['refs/remotes/origin/HEAD', 'refs/heads/main', 'refs/heads/master', 'refs/remotes/origin/main', 'refs/remotes/origin/master'];

/** HEAD's commit, and whether the repository is a shallow clone. Throws GitError. */
export async function headCommit(git: GitRunner): Promise<{ head: string; shallow: boolean }> {
  const out = await git.run(['rev-parse', '--is-shallow-repository', '--verify', 'HEAD^{commit}']);
  const lines = out.split('\n').filter((l) => l !== '');
  const head = lines[lines.length - 1] ?? '';
  if (!FULL_HASH.test(head)) throw new GitError('failed', 'git gave no HEAD commit');
  return { head, shallow: lines[0] === 'true' };
}

/**
 * The full hash of a revision given from outside, or undefined when it names no commit. A
 * revision that could pass for an option or holds a line break is refused unasked.
 */
export async function resolveCommit(git: GitRunner, rev: string): Promise<string | undefined> {
  if (rev === '' || rev.startsWith('-') || /[\0\n]/.test(rev)) return undefined;
  try {
    const out = (await git.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).trim();
    return FULL_HASH.test(out) ? out : undefined;
  } catch (error) {
    if (error instanceof GitError && (error.kind === 'failed' || error.kind === 'no-commits')) return undefined;
    throw error;
  }
}

/** Whether `hash` is HEAD or one of its ancestors. */
export async function isAncestorOfHead(git: GitRunner, hash: string): Promise<boolean> {
  try {
    await git.run(['merge-base', '--is-ancestor', '--end-of-options', hash, 'HEAD']);
    return true;
  } catch (error) {
    if (error instanceof GitError && error.kind === 'timeout') throw error;
    return false;
  }
}

/** origin/HEAD, else main, else master (then origin/main, origin/master): the first that exists. */
export async function defaultBranch(git: GitRunner): Promise<string | undefined> {
  const out = await git.run(['for-each-ref', '--format=%(refname)', '--end-of-options', ...DEFAULT_BRANCHES]);
  const present = new Set(out.split('\n'));
  return DEFAULT_BRANCHES.find((ref) => present.has(ref));
}

/**
 * The base to compare with, as named (`origin/main`; the default branch when none is given) and
 * its commit. Throws GitError ('no-default-branch', 'unknown-base') saying what to do.
 */
export async function baseRevision(git: GitRunner, base: string | undefined): Promise<{ name: string; hash: string }> {
  if (base === undefined) {
    const found = await defaultBranch(git);
    if (!found) {
      throw new GitError(
        'no-default-branch',
        'no default branch to compare with (origin/HEAD, main and master do not exist here): pass the base with --base, e.g. --base origin/main (fetch it first in CI).',
      );
    }
    const hash = await resolveCommit(git, found);
    if (!hash) throw new GitError('no-default-branch', `${found} does not point at a commit: pass the base with --base.`);
    return { name: found.replace(/^refs\/(heads|remotes)\//, ''), hash };
  }
  const hash = await resolveCommit(git, base);
  if (!hash) {
    throw new GitError(
      'unknown-base',
      `unknown base ${JSON.stringify(base)}: no commit has that name here. Fetch it first (e.g. git fetch origin ${base.replace(/^origin\//, '')}) or name an existing branch, tag or commit.`,
    );
  }
  return { name: base, hash };
}

/** The merge base of two commits; throws GitError('no-merge-base') when they share no history. */
export async function mergeBaseOf(git: GitRunner, base: { name: string; hash: string }, head: string): Promise<string> {
  let mergeBase = '';
  try {
    mergeBase = (await git.run(['merge-base', '--end-of-options', base.hash, head])).trim();
  } catch (error) {
    if (error instanceof GitError && error.kind === 'timeout') throw error;
  }
  if (!FULL_HASH.test(mergeBase)) {
    throw new GitError(
      'no-merge-base',
      `HEAD and ${base.name} share no history. In a shallow clone, fetch the full history (actions/checkout with fetch-depth: 0, GIT_DEPTH: 0 in GitLab CI, or git fetch --unshallow).`,
    );
  }
  return mergeBase;
}
