// undici's own header parser, so a dispatched GET's headers are exactly what request() gave.
// undici has no exports map: the file is part of the same copy the bundle already holds.
declare module 'undici/lib/core/util.js' {
  export function parseHeaders(
    raw: Buffer[],
    into?: Record<string, string | string[]>
  ): Record<string, string | string[]>
}
