// ESLint flat config. The boundary rules here are the architecture (docs/architecture.md):
// only electron/ imports electron at run time; core/ and the renderer import no Node built-ins
// and no SSH libraries; ssh2 is imported only by the engine's SSH adapter and the emulator.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noElectron = {
  name: 'electron',
  allowTypeImports: true,
  message: 'Only electron/ may use Electron at run time; pass what you need in as a value.',
};
// Bare names are matched exactly (a pattern like 'util' would also match our own core/util/).
const nodeBuiltinNames = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'net',
  'tls',
  'crypto',
  'stream',
  'stream/promises',
  'events',
  'http',
  'https',
  'zlib',
  'url',
  'util',
  'worker_threads',
  'readline',
  'buffer',
  'dns',
  'process',
].map((name) => ({
  name,
  message: 'Browser-safe code: no Node built-ins (see docs/architecture.md).',
}));
// core/ is browser-safe as a whole: the Node services live in engine/, host/ and cli/.
const browserSafe = ['renderer/**', 'core/**'];
const sshOnlyInAdapter =
  'Only the SSH adapter (engine/transport/sftp/) uses ssh2; elsewhere use the transport port.';
// The page's composition root (renderer/main.tsx) alone reads the browser's globals; the rest
// gets them through AppServices or the bridge, so components run under test (docs/ui.md).
const pageGlobals = [
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'release',
      'test-artifacts',
      'bench/out',
      '.tmp',
      'renderer/public',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'multi-line'],
      complexity: ['warn', 15],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    files: [
      'core/**',
      'engine/**',
      'host/**',
      'cli/**',
      'server-emulator/**',
      'test/**',
      'bench/**',
      'scripts/**',
      'renderer/**',
    ],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    // ssh2 (and its SFTP client wrapper) only in the SSH adapter, the emulator, tests and
    // benches: everything else talks to a server through the transport port (engine/transport/port.ts).
    files: ['engine/**', 'host/**', 'cli/**', 'scripts/**'],
    ignores: ['engine/transport/sftp/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            { name: 'ssh2', message: sshOnlyInAdapter },
            { name: 'ssh2-sftp-client', message: sshOnlyInAdapter },
          ],
        },
      ],
    },
  },
  {
    files: browserSafe,
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            { name: 'ssh2' },
            { name: 'ssh2-sftp-client' },
            { name: 'better-sqlite3' },
            ...nodeBuiltinNames,
          ],
          patterns: [
            {
              group: ['node:*'],
              message: 'Browser-safe code: no Node built-ins (see docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    ignores: ['renderer/main.tsx', 'renderer/vite.config.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...pageGlobals.map((name) => ({
          name,
          message: 'Only renderer/main.tsx reads browser globals; take it from AppServices.',
        })),
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tool configs must default-export their config.
    files: ['eslint.config.js', '**/vite.config.ts', '**/*.config.mjs', 'scripts/test-counter.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/**'],
    rules: {
      // node:test's describe/it return promises the runner tracks itself.
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
);
