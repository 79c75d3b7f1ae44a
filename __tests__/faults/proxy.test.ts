// HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as self-hosted runners set them: a forward proxy on
// loopback that records what it carried. Targets named under .fleet-check.invalid resolve
// nowhere, so reaching them at all proves the proxy was used.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction, fleet } from '../helpers/run-action.js'
import { json, startServer, type TestServer, startProxy, type Proxy } from '../helpers/servers.js'
import { expectVerdict, expectWithin, SHA, OVERHEAD_MS } from '../helpers/outcome.js'
import {
  makeCertificates,
  startHttpsServer,
  type Certificates,
  type HttpsServer
} from '../helpers/tls.js'

let proxy: Proxy
let plain: TestServer
let secure: HttpsServer
let certs: Certificates

beforeAll(async () => {
  certs = makeCertificates()
  proxy = await startProxy()
  plain = await startServer((_req, res) => json(res, { sha: SHA }))
  secure = await startHttpsServer(certs.valid, (_req, res) => json(res, { sha: SHA }))
})
afterAll(async () => {
  await proxy.close()
  await plain.close()
  await secure.close()
})

/** What the proxy saw during `fn`. */
async function proxied<T>(fn: () => Promise<T>): Promise<[T, Proxy['seen']]> {
  const before = proxy.seen.length
  const result = await fn()
  return [result, proxy.seen.slice(before)]
}

describe('HTTPS_PROXY', () => {
  test.each([['HTTPS_PROXY'], ['https_proxy']])(
    '%s carries an https target through a CONNECT tunnel, with ca-file trusted inside it',
    async variable => {
      const host = `build.fleet-check.invalid:${secure.port}`
      const before = secure.requests.length
      const [run, seen] = await proxied(() =>
        runAction({
          inputs: {
            targets: fleet([['tunnelled', `https://${host}/version`]]),
            'ca-file': 'ca.pem',
            retries: '0'
          },
          env: { [variable]: proxy.origin },
          files: { 'ca.pem': certs.ca }
        })
      )
      expectVerdict(run, 'tunnelled', 'current', null)
      expect(seen).toEqual([{ method: 'CONNECT', target: host }])
      expect(secure.requests.length).toBe(before + 1)
      expect(secure.requests[before].headers.host).toBe(host)
      expectWithin(run, OVERHEAD_MS)
    }
  )

  test('the certificate is still verified through the tunnel', async () => {
    const [run, seen] = await proxied(() =>
      runAction({
        inputs: {
          targets: fleet([
            ['tunnelled', `https://build.fleet-check.invalid:${secure.port}/version`]
          ]),
          retries: '0'
        },
        env: { HTTPS_PROXY: proxy.origin }
      })
    )
    expectVerdict(
      run,
      'tunnelled',
      'missing',
      /^TLS error: .*\((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)$/
    )
    expect(seen).toHaveLength(1)
  })
})

describe('HTTP_PROXY', () => {
  test.each([['HTTP_PROXY'], ['http_proxy']])('%s carries an http target', async variable => {
    const host = `build.fleet-check.invalid:${plain.port}`
    const [run, seen] = await proxied(() =>
      runAction({
        inputs: { targets: fleet([['via-proxy', `http://${host}/version`]]), retries: '0' },
        env: { [variable]: proxy.origin }
      })
    )
    expectVerdict(run, 'via-proxy', 'current', null)
    expect(seen).toHaveLength(1)
    // a tunnel, or an absolute-form request: either way, to the target's host
    expect(seen[0].target).toMatch(
      new RegExp(`^(${host}|http://${host.replace(/\./g, '\\.')}/version\\?fleet-check=\\w+)$`)
    )
    expectWithin(run, OVERHEAD_MS)
  })

  test('without a proxy the same target is not found (the tests above can tell)', async () => {
    const [run, seen] = await proxied(() =>
      runAction({
        inputs: {
          targets: fleet([['direct', `http://build.fleet-check.invalid:${plain.port}/version`]]),
          retries: '0'
        }
      })
    )
    expectVerdict(run, 'direct', 'missing', 'host not found: build.fleet-check.invalid')
    expect(seen).toEqual([])
  })

  test('a proxy that is down makes the targets missing, not current', async () => {
    const run = await runAction({
      inputs: {
        targets: fleet([['via-proxy', `${plain.origin}/version`]]),
        retries: '0',
        timeout: '2s'
      },
      env: { HTTP_PROXY: 'http://127.0.0.1:9' }
    })
    // the proxy refused, not the target; the reason does not name the proxy
    expectVerdict(run, 'via-proxy', 'missing', /connection refused/)
    expectWithin(run, 2_000 + OVERHEAD_MS)
  })
})

describe('NO_PROXY', () => {
  test.each([
    ['NO_PROXY', '127.0.0.1'],
    ['no_proxy', 'localhost,127.0.0.1'],
    ['NO_PROXY', '*']
  ])('%s=%s bypasses the proxy: the proxy sees nothing', async (variable, value) => {
    const before = plain.requests.length
    const [run, seen] = await proxied(() =>
      runAction({
        inputs: { targets: fleet([['direct', `${plain.origin}/version`]]), retries: '0' },
        env: { HTTP_PROXY: proxy.origin, HTTPS_PROXY: proxy.origin, [variable]: value }
      })
    )
    expectVerdict(run, 'direct', 'current', null)
    expect(seen).toEqual([])
    expect(plain.requests.length).toBe(before + 1)
  })

  test('the same target without NO_PROXY goes through the proxy', async () => {
    const [run, seen] = await proxied(() =>
      runAction({
        inputs: { targets: fleet([['direct', `${plain.origin}/version`]]), retries: '0' },
        env: { HTTP_PROXY: proxy.origin }
      })
    )
    expectVerdict(run, 'direct', 'current', null)
    expect(seen).toHaveLength(1)
  })

  test('only the hosts it names: one target bypasses, the other is proxied', async () => {
    const [run, seen] = await proxied(() =>
      runAction({
        inputs: {
          targets: fleet([
            ['direct', `${plain.origin}/version`],
            ['proxied', `http://build.fleet-check.invalid:${plain.port}/version`]
          ]),
          retries: '0'
        },
        env: { HTTP_PROXY: proxy.origin, NO_PROXY: '127.0.0.1' }
      })
    )
    expect(run.code).toBe(0)
    expect(seen).toHaveLength(1)
    expect(seen[0].target).toContain('build.fleet-check.invalid')
    // (That undici's "EnvHttpProxyAgent is experimental" stays off stderr, a warning printed once
    // per process, is tested in a process of its own: bundle/network.test.ts.)
  })
})

describe('samples through a proxy', () => {
  test('each sample is a fresh tunnel', async () => {
    const [run, seen] = await proxied(() =>
      runAction({
        inputs: {
          targets: fleet([['pool', `https://build.fleet-check.invalid:${secure.port}/version`]]),
          'ca-file': 'ca.pem',
          samples: '3'
        },
        env: { HTTPS_PROXY: proxy.origin },
        files: { 'ca.pem': certs.ca }
      })
    )
    expectVerdict(run, 'pool', 'current', null)
    expect(seen.map(s => s.method)).toEqual(['CONNECT', 'CONNECT', 'CONNECT'])
  })
})
