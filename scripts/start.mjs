// `npm start`: build the extension and show Incident Lens on the example workspace. With VS Code's
// `code` on PATH, opens examples/shop in a VS Code window running this extension from source;
// otherwise says how to install the .vsix and runs the CLI over the example instead.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = path.join(root, 'examples', 'shop');
const run = (command, args, options = {}) => spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });

if (run('npm', ['run', '--silent', 'build']).status !== 0) process.exit(1);

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  console.log(`Opening ${example} in VS Code with Incident Lens loaded from ${root}…`);
  process.exit(run('code', ['--extensionDevelopmentPath', root, example]).status ?? 0);
}

console.log(`VS Code's \`code\` command is not on PATH here. To use the extension:
  npm run package                              # builds incident-lens-<version>.vsix
  code --install-extension incident-lens-*.vsix  # or Extensions view > … > Install from VSIX
Meanwhile, here is the CLI on the example workspace (${path.relative(root, example)}):
`);
const cli = path.join(root, 'dist', 'cli.js');
console.log('$ incident-lens check examples/shop');
const check = run(process.execPath, [cli, 'check', example]);
console.log('\n$ incident-lens list examples/shop --file src/checkout/pool.ts');
run(process.execPath, [cli, 'list', example, '--file', path.join(example, 'src/checkout/pool.ts')]);
console.log('\n$ incident-lens show INC-2024-017 --folder examples/shop');
run(process.execPath, [cli, 'show', 'INC-2024-017', '--folder', example]);
// The example holds one deliberate typo (a warning), so check exits 0: no errors.
process.exit(check.status === 0 ? 0 : 1);
