import { generate } from 'selfsigned';

/**
 * A self-signed certificate for the tenant's HTTPS server, made at every start. Clients trust
 * exactly this certificate (LocalTenant.caPem), never "any certificate": the adapter's TLS code
 * runs as it will against graph.microsoft.com.
 */
export async function makeCertificate(hostname: string): Promise<{ key: string; cert: string }> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 365 * 86_400_000);
  const altNames: Array<{ type: 2; value: string } | { type: 7; ip: string }> = [
    { type: 2, value: hostname },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ];
  if (hostname !== 'localhost') altNames.push({ type: 2, value: 'localhost' });
  const pems = await generate([{ name: 'commonName', value: hostname }, { name: 'organizationName', value: 'SkillSteps local tenant' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
