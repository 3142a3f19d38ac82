// ESLint for every TypeScript and JavaScript file of the repository: the CDKTF
// app, the backend, the frontend and the test code. Formatting is Prettier's
// (`npx prettier --check .`); these rules are about correctness.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/', '**/dist/', '**/.gen/', 'cdktf.out/', 'test-results/', 'state/', '**/coverage/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks an argument or binding kept on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['app/frontend/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // The classic two: the newer React Compiler rules also flag plain fetch-on-mount effects.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Test code reads untyped JSON (synthesized stacks, API bodies): `any` is the honest type there.
    files: ['__tests__/**', 'app/backend/test/**', 'app/backend/bench/**', 'app/frontend/src/test/**', 'test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Callbacks of page.evaluate() run in the browser.
    files: ['test/e2e/**', 'test/images/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // CommonJS files (jest's config, the CDKTF app's entry shim)
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
