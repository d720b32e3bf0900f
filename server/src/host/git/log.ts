/**
 * `git log`, read as it streams, one commit at a time, with a bound on what is kept of each.
 * A history whose commits carry megabytes of message each prints gigabytes; holding that whole
 * (and then copies of it) exhausted memory. Here only the commit being read is held, and only
 * its first MAX_MESSAGE_BYTES of message: ids past that point are not looked for (documented in
 * the README). The ids are found as each commit arrives, and its message is then let go.
 */

import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { findIds, type CommitInfo } from '../../core/history';
import type { IdMatcher } from '../../core/references';
import { parseNameStatus } from './change';
import { SAFE_DIFF_ARGS, type GitRunner } from './runner';

/**
 * Bytes of a commit message kept (and searched for incident ids); the rest is dropped unread.
 * As much as a file at the default maxFileSize: no real message comes near it, and one commit's
 * worth is all that is ever held, however long the history.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Bytes of the header (hashes, date, author name) kept: far more than any real one. */
const MAX_HEADER_BYTES = 4 * 1024;

/** The three markers the `--format` string prints around each commit's parts (all one length). */
export interface LogMarkers {
  /** Before the header (`%H%x1f%h%x1f%aI%x1f%an`). */
  start: string;
  /** Between the header and the message (`%B`). */
  mid: string;
  /** After the message; the `--name-status` lines follow, up to the next start. */
  end: string;
}

/** One commit as printed, each part decoded, the message cut at MAX_MESSAGE_BYTES. */
export interface StreamedCommit {
  header: string;
  message: string;
  /** The changed files part (`--name-status -z`), whole: those paths are what history is for. */
  changes: string;
}

type Section = 'preamble' | 'header' | 'message' | 'changes';

/**
 * Splits a `git log` byte stream into commits. Feed it with `push` as chunks arrive and `end`
 * when the stream closes; `onCommit` is called once per complete commit. A marker split across
 * two chunks is found all the same (the last bytes of a chunk wait for the next).
 */
export class GitLogParser {
  private readonly start: Buffer;
  private readonly mid: Buffer;
  private readonly end: Buffer;
  private section: Section = 'preamble';
  /** Bytes that could be the beginning of a marker, waiting for the next chunk. */
  private carry: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private kept = 0;
  private header = '';
  private message = '';

  constructor(
    markers: LogMarkers,
    private readonly onCommit: (commit: StreamedCommit) => void,
  ) {
    this.start = Buffer.from(markers.start);
    this.mid = Buffer.from(markers.mid);
    this.end = Buffer.from(markers.end);
    if (this.start.length !== this.mid.length || this.mid.length !== this.end.length) throw new Error('git log markers must have one length');
  }

  push(chunk: Buffer): void {
    let bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    for (;;) {
      const marker = this.section === 'header' ? this.mid : this.section === 'message' ? this.end : this.start;
      const at = bytes.indexOf(marker);
      if (at < 0) {
        const waiting = Math.min(bytes.length, marker.length - 1);
        this.keep(bytes.subarray(0, bytes.length - waiting));
        // A copy: the rest of a large chunk must not stay alive through a few carried bytes.
        this.carry = Buffer.from(bytes.subarray(bytes.length - waiting));
        return;
      }
      this.keep(bytes.subarray(0, at));
      this.finishSection();
      bytes = bytes.subarray(at + marker.length);
    }
  }

  /** The stream is over: the last commit ends with it. A commit cut short is dropped. */
  close(): void {
    this.keep(this.carry);
    this.carry = Buffer.alloc(0);
    if (this.section === 'changes') this.finishSection();
    this.section = 'preamble';
    this.parts = [];
    this.kept = 0;
  }

  /** Keeps what the current section may still hold; drops the rest unread. */
  private keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const limit = this.section === 'header' ? MAX_HEADER_BYTES : this.section === 'message' ? MAX_MESSAGE_BYTES : this.section === 'changes' ? Infinity : 0;
    const room = limit - this.kept;
    if (room <= 0) return;
    // A view, not a copy: the chunk lives until the section ends, when the parts are joined once.
    const taken = bytes.length <= room ? bytes : bytes.subarray(0, room);
    this.parts.push(taken);
    this.kept += taken.length;
  }

  private finishSection(): void {
    const bytes = Buffer.concat(this.parts);
    const cut = this.section === 'message' && this.kept >= MAX_MESSAGE_BYTES;
    // A cut can split a character: a StringDecoder decodes only whole ones and holds back the
    // rest, which is dropped (trimming the decoded string instead would make a second megabyte
    // copy per long message, dozens in a long history).
    const text = cut ? new StringDecoder('utf8').write(bytes) : bytes.toString('utf8');
    this.parts = [];
    this.kept = 0;
    switch (this.section) {
      case 'preamble':
        this.section = 'header';
        return;
      case 'header':
        this.header = text;
        this.section = 'message';
        return;
      case 'message':
        this.message = text;
        this.section = 'changes';
        return;
      case 'changes':
        this.onCommit({ header: this.header, message: this.message, changes: text });
        this.section = 'header';
        return;
    }
  }
}

/**
 * One `git log` pass over `revs` (and options), each commit with its changed files and the
 * incident ids its message mentions (found by `matcher`, none without one). Read as it streams:
 * only the commit being read is held, and only the first MAX_MESSAGE_BYTES of its message.
 */
export async function logCommits(git: GitRunner, revsAndOptions: string[], withFiles = true, matcher?: IdMatcher): Promise<CommitInfo[]> {
  const nonce = randomBytes(12).toString('hex');
  const markers = { start: `\x1e${nonce}S\x1e`, mid: `\x1e${nonce}M\x1e`, end: `\x1e${nonce}E\x1e` };
  const fmt = (s: string) => s.replace(/\x1e/g, '%x1e').replace(/\x1f/g, '%x1f');
  const format = `${fmt(markers.start)}%H%x1f%h%x1f%aI%x1f%an${fmt(markers.mid)}%B${fmt(markers.end)}`;
  const options = revsAndOptions.filter((a) => a.startsWith('-'));
  const revs = revsAndOptions.filter((a) => !a.startsWith('-'));
  const args = [
    'log',
    '-z',
    `--format=${format}`,
    '--encoding=UTF-8',
    '--no-show-signature',
    '--no-notes',
    '--no-mailmap',
    ...SAFE_DIFF_ARGS,
    ...(withFiles ? ['--name-status', ...(options.includes('--no-renames') ? [] : ['-M']), '--relative', '--diff-merges=first-parent'] : ['--no-patch']),
    ...options,
    '--end-of-options',
    ...revs,
    '--',
  ];
  const commits: CommitInfo[] = [];
  const parser = new GitLogParser(markers, ({ header, message, changes }) => {
    const [hash, shortHash, date, ...authorParts] = header.split('\x1f');
    if (!hash || !/^[0-9a-f]{40,64}$/.test(hash)) return;
    const changed = parseNameStatus(changes);
    // A copy: a substring (the subject, an id) would otherwise keep the whole message alive.
    const described = structuredClone({
      hash,
      shortHash: shortHash ?? hash.slice(0, 7),
      date: date ?? '',
      author: authorParts.join('\x1f'),
      subject: subjectOf(message),
      ids: matcher ? findIds(message, matcher) : [],
    });
    const files = [...new Set(changed.map((c) => c.path))];
    const renames = changed.flatMap((c) => (c.oldPath ? [{ from: c.oldPath, to: c.path }] : []));
    commits.push({ ...described, files, renames });
  });
  await git.stream(args, (chunk) => parser.push(chunk));
  parser.close();
  return commits;
}

/** Characters of a subject kept: a line's worth, however long the message's first paragraph. */
export const MAX_SUBJECT_CHARS = 200;

/**
 * Like git's %s (the first paragraph of the message on one line), cut to MAX_SUBJECT_CHARS: only
 * the beginning of the message is looked at.
 */
function subjectOf(message: string): string {
  const start = message.search(/\S/);
  if (start < 0) return '';
  const head = message.slice(start, start + MAX_SUBJECT_CHARS * 4);
  const paragraph = head.split(/\n[ \t]*\n/)[0];
  const line = paragraph
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  const longer = paragraph === head && start + head.length < message.length;
  if (line.length <= MAX_SUBJECT_CHARS && !longer) return line;
  // Never half a character: a cut between a surrogate pair drops its first half.
  const end = /[\uD800-\uDBFF]/.test(line[MAX_SUBJECT_CHARS - 1] ?? '') ? MAX_SUBJECT_CHARS - 1 : MAX_SUBJECT_CHARS;
  return `${line.slice(0, end).trimEnd()}…`;
}
