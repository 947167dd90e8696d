// Lint is part of `npm test`: it enforces the layer rules of style.md, so a pure domain lib cannot
// quietly grow a dependency on Kafka, MongoDB, NestJS or the clock.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const frameworks = ['@nestjs/*', 'kafkajs', 'mongoose', 'mongodb', 'express', 'pino', '@opentelemetry/*'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.data/**', 'infra/local/**', 'tools/**/*.js', 'coverage/**', 'apps/dashboard/src/api/generated/**'] },
  ...tseslint.configs.recommended,
  // Plain CommonJS tooling (jest configs, tools/*.js) runs as it is, without a build.
  { files: ['**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], bannedExternalImports: frameworks },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'], bannedExternalImports: frameworks },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:platform'] },
            { sourceTag: 'type:store', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:platform'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:platform', 'type:store', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:testing', 'type:platform'] },
            // The dashboard runs in a browser: it knows the api only through the OpenAPI document's types.
            { sourceTag: 'type:dashboard', onlyDependOnLibsWithTags: [], bannedExternalImports: [...frameworks, 'zod'] },
          ],
        },
      ],
    },
  },
  {
    // Domain libraries are pure: time comes in as an argument and configuration as a value.
    files: ['libs/domain/**/*.ts', 'libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Domain code takes configuration as an argument.' },
        { object: 'Date', property: 'now', message: 'Domain code takes the time as an argument.' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Domain code takes the time as an argument.' }],
    },
  },
  {
    // Only the config loader of each app reads the environment.
    files: ['apps/*/src/**/*.ts', 'libs/platform/**/*.ts', 'libs/store/**/*.ts'],
    ignores: ['**/*config*.ts', '**/*.spec.ts', '**/*.int-spec.ts', '**/instrument.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through the app config schema.' }],
    },
  },
);
