import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { compileIdPatterns } from '../../../server/src/core/references';
import { IncidentIndex } from '../../../server/src/core/index/incidentIndex';
import { DEFAULT_OPTIONS } from '../../../server/src/core/model';

// A full collection on demand, to see what the index keeps alive (not how fast anything is).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('what the index keeps of a file text', () => {
  it('keeps no file text alive through a long id (13+ characters) it holds a reference to', () => {
    const index = new IncidentIndex(DEFAULT_OPTIONS, compileIdPatterns(DEFAULT_OPTIONS.idPatterns).matcher);
    const files = 60;
    const before = heapAfterGc();
    for (let i = 0; i < files; i++) {
      // 1 MB of code around one reference; the text is dropped once the index has read it.
      const text = `// see INC-2024-${String(1000 + i)}\n${'const x = 1;\n'.repeat(80_000)}`;
      index.setFile(`src/f${i}.ts`, text);
    }
    const grownMB = (heapAfterGc() - before) / 1e6;
    assert.equal(index.referencesTo('INC-2024-1007').length, 1);
    // Each text is about 1 MB: kept alive, they would make about 60 MB.
    assert.ok(grownMB < files / 4, `the index grew by ${grownMB.toFixed(1)} MB for ${files} references`);
  });
});
