// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.shinrai/', 'test/fixtures/', 'src/oscal/generated/', '.dist-*/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Pass a clock in; never read the time inside the core.' },
      ],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**', '**/*.test.ts', '**/*.contract.ts', 'src/oscal/testing/**'],
    rules: { 'no-console': 'off', 'no-restricted-syntax': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['src/main.ts', 'src/bin.ts', 'src/cli/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
