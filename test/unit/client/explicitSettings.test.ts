import * as assert from 'node:assert/strict';
import { sectionFromExplicit } from '../../../client/src/explicitSettings';

describe('client: explicitly set settings for the server', () => {
  const explicit = new Map<string, unknown>([
    ['incidentLens.records', ['reviews/**']],
    ['incidentLens.git.enabled', false],
  ]);

  it('nests only the keys the user set under the asked section', () => {
    assert.deepEqual(sectionFromExplicit('incidentLens', explicit), { records: ['reviews/**'], git: { enabled: false } });
    assert.deepEqual(sectionFromExplicit('incidentLens.git', explicit), { enabled: false });
  });

  it('answers a leaf key with its value and an untouched section with null', () => {
    assert.equal(sectionFromExplicit('incidentLens.git.enabled', explicit), false);
    assert.equal(sectionFromExplicit('incidentLens.severities', explicit), null);
    assert.equal(sectionFromExplicit('incidentLens', new Map()), null);
  });
});
