/**
 * Which language a file is, from its workspace path alone (the core never reads file headers or
 * editor language ids, so the CLI and the server agree on every file).
 */
import { COMMENT_TOKENS, CommentTokens, SYNTAXES, Syntax, SyntaxName } from './syntax';

/** `comments`: only text inside comments holds references (source code); `all`: every match counts (prose). */
export type ScanMode = 'comments' | 'all';

const PROSE_EXTENSIONS = new Set(['md', 'markdown', 'mdx', 'adoc', 'asciidoc', 'asc', 'rst', 'txt', 'text']);

/** Extension-less files that are prose by convention. */
const PROSE_NAMES = new Set([
  'readme',
  'changelog',
  'changes',
  'history',
  'news',
  'notes',
  'authors',
  'contributors',
  'contributing',
  'todo',
  'runbook',
  'postmortem',
]);

const BY_EXTENSION: Record<string, SyntaxName> = {
  ts: 'javascript',
  tsx: 'javascript',
  mts: 'javascript',
  cts: 'javascript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsonc: 'json',
  json5: 'json',
  py: 'python',
  pyi: 'python',
  pyw: 'python',
  bzl: 'python',
  go: 'go',
  java: 'java',
  groovy: 'java',
  gradle: 'java',
  dart: 'java',
  proto: 'c',
  kt: 'kotlin',
  kts: 'kotlin',
  c: 'c',
  h: 'cpp',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  'c++': 'cpp',
  hh: 'cpp',
  hpp: 'cpp',
  hxx: 'cpp',
  ino: 'cpp',
  cs: 'csharp',
  rs: 'rust',
  rb: 'ruby',
  rake: 'ruby',
  gemspec: 'ruby',
  php: 'php',
  swift: 'swift',
  scala: 'scala',
  sc: 'scala',
  sbt: 'scala',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ksh: 'shell',
  fish: 'shell',
  cmake: 'shell',
  sql: 'sql',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  tf: 'hcl',
  tfvars: 'hcl',
  hcl: 'hcl',
  nomad: 'hcl',
  dockerfile: 'dockerfile',
  containerfile: 'dockerfile',
  mk: 'makefile',
  mak: 'makefile',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  xml: 'html',
  xsd: 'html',
  xsl: 'html',
  xslt: 'html',
  svg: 'html',
  plist: 'html',
  csproj: 'html',
  vue: 'html',
  svelte: 'html',
  css: 'css',
  scss: 'scss',
  less: 'scss',
  sass: 'scss',
  lua: 'lua',
  ini: 'ini',
  cfg: 'ini',
  conf: 'ini',
  properties: 'properties',
};

/** Whole base names (lower case) that decide the language regardless of extension. */
const BY_NAME: Record<string, SyntaxName> = {
  dockerfile: 'dockerfile',
  containerfile: 'dockerfile',
  makefile: 'makefile',
  gnumakefile: 'makefile',
  'cmakelists.txt': 'shell',
  gemfile: 'ruby',
  rakefile: 'ruby',
  vagrantfile: 'ruby',
  podfile: 'ruby',
  jenkinsfile: 'java',
  build: 'python',
  'build.bazel': 'python',
  workspace: 'python',
  '.bashrc': 'shell',
  '.bash_profile': 'shell',
  '.zshrc': 'shell',
  '.profile': 'shell',
  '.env': 'shell',
  '.gitignore': 'shell',
  '.dockerignore': 'shell',
  '.gitattributes': 'shell',
  '.editorconfig': 'ini',
  '.gitconfig': 'ini',
};

/** Base name and lower-case extension of a path (forward or back slashes; `.bashrc` has no extension). */
function splitName(path: string): { base: string; ext: string } {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const base = path.slice(slash + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return { base, ext: dot > 0 ? base.slice(dot + 1) : '' };
}

function syntaxNameFor(path: string): SyntaxName | undefined {
  const { base, ext } = splitName(path);
  const byName = BY_NAME[base] ?? (base.startsWith('dockerfile.') ? 'dockerfile' : undefined);
  return byName ?? (Object.prototype.hasOwnProperty.call(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : undefined);
}

/** The syntax a source file is scanned with, or undefined for prose and files not scanned. */
export function syntaxFor(path: string): Syntax | undefined {
  const name = syntaxNameFor(path);
  return name ? SYNTAXES[name] : undefined;
}

/**
 * How a file is scanned, by its path (extension or base name): `comments` for source code, `all`
 * for prose (Markdown .md/.markdown/.mdx, AsciiDoc .adoc/.asciidoc/.asc, reStructuredText .rst,
 * plain text .txt/.text, and extension-less README-like names such as README, CHANGELOG, NOTES),
 * undefined when not scanned (images, archives, data, unknown extensions).
 */
export function scanModeFor(path: string): ScanMode | undefined {
  if (syntaxFor(path)) return 'comments';
  const { base, ext } = splitName(path);
  if (PROSE_EXTENSIONS.has(ext)) return 'all';
  if (ext === '' && PROSE_NAMES.has(base)) return 'all';
  return undefined;
}

/**
 * Comment syntax for a file, for the Insert Reference command (which wraps an id in a comment).
 * The first `line` token (else the first `block` pair) is the one to insert. Undefined for prose
 * (insert the id as is) and for files that are not scanned.
 */
export function commentTokensFor(path: string): CommentTokens | undefined {
  const name = syntaxNameFor(path);
  if (!name) return undefined;
  const tokens = COMMENT_TOKENS[name];
  // Copies, so a caller cannot change the table.
  return {
    ...(tokens.line ? { line: [...tokens.line] } : {}),
    ...(tokens.block ? { block: tokens.block.map(([open, close]) => [open, close] as [string, string]) } : {}),
  };
}
