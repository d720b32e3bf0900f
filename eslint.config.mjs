// typescript-eslint with the type-aware rules that catch promises nobody awaits or handles; the
// formatter (Prettier) owns layout, so no stylistic rules here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.editor-tools/', '.bench/', 'test-results/', 'test/fixtures/', 'test/editor/workspace/', 'examples/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Stripping terminal controls out of untrusted text is the point of those patterns.
      'no-control-regex': 'off',
    },
  },
  {
    // A list as long as the input spread into a call overflows the stack (125,000 references in
    // one file, a watcher batch of 150,000 events): loop instead.
    files: ['server/src/**/*.ts', 'common/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(push|unshift|splice|concat|max|min|fromCharCode|fromCodePoint|apply)$/] > SpreadElement',
          message: 'Spreading an array into a call overflows the stack on large inputs: loop instead.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
