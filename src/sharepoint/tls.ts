/**
 * An HTTP dispatcher for Node's fetch that trusts exactly one extra certificate: the local
 * tenant's self-signed one, in local mode only. undici is loaded only then (it costs ~18 MB).
 */
export function trustingDispatcher(caPem: string): unknown {
  const { Agent } = require('undici') as typeof import('undici');
  return new Agent({ connect: { ca: caPem } });
}
