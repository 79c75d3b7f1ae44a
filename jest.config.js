// ts-jest in ESM mode: run with NODE_OPTIONS=--experimental-vm-modules (see package.json).
// tsconfig.json's isolatedModules makes ts-jest transpile each file without type-checking it:
// `npm test` type-checks once, with tsc --noEmit.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // As tsconfig.json's `paths` has it for ncc: 'undici' is shims/undici, for every importer.
    '^undici$': '<rootDir>/shims/undici/index.js'
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['**/__tests__/**/*.test.ts'],
  // Most suites wait on sockets and timers, not the CPU: more workers than cores keeps it busy.
  maxWorkers: 4,
  testTimeout: 30000
}
