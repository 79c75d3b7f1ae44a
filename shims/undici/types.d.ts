// TypeScript sees undici's own types for 'undici' (tsconfig.json's `paths` leads it to index.js,
// which has none): the shim's objects are undici's. Which of them the shim exports is checked by
// `npm run bundle`, which fails on an import of a name it does not export.
declare module 'undici' {
  export * from 'undici/index.js'
}
