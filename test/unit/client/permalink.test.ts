import * as assert from 'node:assert/strict';
import { parseRemote, permalink } from '../../../client/src/records/permalink';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

describe('client: record permalinks', () => {
  it('reads the remote URL forms git prints', () => {
    for (const url of [
      'git@github.com:acme/acme-api.git',
      'https://github.com/acme/acme-api.git',
      'https://github.com/acme/acme-api',
      'ssh://git@github.com/acme/acme-api.git',
      'ssh://git@github.com:22/acme/acme-api.git',
      'https://GitHub.com/acme/acme-api/',
    ]) {
      assert.deepEqual(parseRemote(url), { host: 'github.com', path: 'acme/acme-api' }, url);
    }
  });

  it('never keeps credentials from the remote URL', () => {
    const link = permalink('https://deploy:ghp_s3cret@github.com/acme/acme-api.git', COMMIT, 'incidents/INC-2024-017.yaml');
    assert.equal(link, `https://github.com/acme/acme-api/blob/${COMMIT}/incidents/INC-2024-017.yaml`);
    assert.doesNotMatch(link ?? '', /s3cret|deploy/);
  });

  it('knows GitHub, GitLab (subgroups), Bitbucket and Codeberg', () => {
    assert.equal(
      permalink('git@gitlab.com:acme/platform/api.git', COMMIT, 'incidents/a b.md'),
      `https://gitlab.com/acme/platform/api/-/blob/${COMMIT}/incidents/a%20b.md`,
    );
    assert.equal(permalink('git@bitbucket.org:acme/api.git', COMMIT, 'x.yaml'), `https://bitbucket.org/acme/api/src/${COMMIT}/x.yaml`);
    assert.equal(permalink('https://codeberg.org/acme/api.git', COMMIT, 'x.yaml'), `https://codeberg.org/acme/api/src/commit/${COMMIT}/x.yaml`);
  });

  it('has no link for unknown hosts, local remotes, odd paths or a commit that is not a hash', () => {
    assert.equal(permalink('git@git.internal.example:acme/api.git', COMMIT, 'x.yaml'), undefined);
    assert.equal(permalink('/srv/git/api.git', COMMIT, 'x.yaml'), undefined);
    assert.equal(permalink('C:\\repos\\api', COMMIT, 'x.yaml'), undefined);
    assert.equal(permalink('file:///srv/git/api.git', COMMIT, 'x.yaml'), undefined);
    assert.equal(permalink('https://github.com/acme/../evil', COMMIT, 'x.yaml'), undefined);
    assert.equal(permalink('https://github.com/acme/api', 'HEAD', 'x.yaml'), undefined);
    assert.equal(permalink('https://github.com/acme/api', COMMIT, '../x.yaml'), undefined);
  });
});
