/**
 * Copy Link of a record: a web address of the file at one commit on a host whose URL scheme is
 * known, built from the remote's URL. Pure (no vscode, no git): the unit tests feed it remote URLs
 * as `git remote -v` prints them.
 */

export interface RemoteRepository {
  host: string;
  /** `owner/name` (GitLab: `group/subgroup/name`), without `.git`. */
  path: string;
}

/** Hosts whose file URLs we know, each given the repository, the commit and the encoded path. */
const FILE_URLS: Record<string, (repo: string, commit: string, path: string) => string> = {
  'github.com': (repo, commit, path) => `https://github.com/${repo}/blob/${commit}/${path}`,
  'gitlab.com': (repo, commit, path) => `https://gitlab.com/${repo}/-/blob/${commit}/${path}`,
  'bitbucket.org': (repo, commit, path) => `https://bitbucket.org/${repo}/src/${commit}/${path}`,
  'codeberg.org': (repo, commit, path) => `https://codeberg.org/${repo}/src/commit/${commit}/${path}`,
};

/**
 * The host and repository of a remote URL: `git@github.com:acme/api.git`,
 * `https://user:token@github.com/acme/api`, `ssh://git@github.com:22/acme/api.git`. Credentials and
 * ports are dropped (a link must never carry a token). Undefined for anything else (a local path).
 */
export function parseRemote(url: string): RemoteRepository | undefined {
  const trimmed = url.trim();
  let host: string;
  let path: string;
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)([^\s]+)$/.exec(trimmed);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(parsed.protocol)) return undefined;
    host = parsed.hostname;
    path = decodeURIComponent(parsed.pathname);
  } else if (scp && !/^[a-zA-Z]$/.test(scp[1])) {
    // scp-like syntax (not a Windows drive letter such as C:\repo).
    host = scp[1];
    path = scp[2];
  } else {
    return undefined;
  }
  const repo = path
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '')
    .split('/')
    .filter(Boolean);
  if (host === '' || repo.length < 2 || repo.some((part) => part === '..' || part === '.' || !/^[\w.-]+$/.test(part))) return undefined;
  return { host: host.toLowerCase(), path: repo.join('/') };
}

/**
 * The permalink of `relativePath` at `commit` in the repository behind `remoteUrl`, or undefined
 * when the host is not one whose URLs we know or the inputs are not what they claim to be.
 */
export function permalink(remoteUrl: string, commit: string, relativePath: string): string | undefined {
  const remote = parseRemote(remoteUrl);
  const build = remote && FILE_URLS[remote.host];
  if (!remote || !build || !/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
  const parts = relativePath.replace(/\\/g, '/').split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return undefined;
  return build(remote.path, commit, parts.map(encodeURIComponent).join('/'));
}
