import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignJWT, generateKeyPair } from 'jose';
import { azuriteCommand, startAzurite } from './azurite';
import { makeCertificate } from './local-tenant/tls-certificate';

/** True while the process runs (a zombie waiting for its parent to reap it has stopped running). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return condition();
}

function status(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('Azurite for tests and npm start', () => {
  it('starts on free ports, answers on all three services, and is gone after stop', async () => {
    const azurite = await startAzurite();
    try {
      expect(azurite.connectionString).toMatch(/^DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=.+;BlobEndpoint=http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1;QueueEndpoint=.+;TableEndpoint=.+$/);
      for (const url of Object.values(azurite.endpoints)) expect(await status(`${url}/devstoreaccount1?comp=list`)).toBeGreaterThan(0);
      expect(running(azurite.pid)).toBe(true);
    } finally {
      await azurite.stop();
    }
    expect(running(azurite.pid)).toBe(false);
    await azurite.stop(); // twice is fine
  }, 60_000);

  it('takes Entra ID tokens over HTTPS on request (--oauth basic): the issuer, audience and lifetime Azure Storage checks', async () => {
    const tls = await makeCertificate('127.0.0.1');
    const azurite = await startAzurite({ oauth: { certPem: tls.cert, keyPem: tls.key } });
    try {
      expect(azurite.connectionString).toMatch(/^DefaultEndpointsProtocol=https;.*BlobEndpoint=https:\/\/127\.0\.0\.1:\d+\/devstoreaccount1;/);
      const { privateKey } = await generateKeyPair('RS256');
      const now = Math.floor(Date.now() / 1000);
      const bearer = (claims: { iss: string; aud: string; exp: number }) =>
        new SignJWT({ appid: 'mi-client', ver: '1.0' }).setProtectedHeader({ alg: 'RS256' }).setIssuer(claims.iss).setAudience(claims.aud).setIssuedAt(now - 60).setNotBefore(now - 60).setExpirationTime(claims.exp).sign(privateKey);
      const list = async (token?: string): Promise<number> =>
        new Promise((resolve, reject) => {
          httpsRequest(`${azurite.endpoints.blob}/devstoreaccount1?comp=list`, { ca: tls.cert, headers: { 'x-ms-version': '2021-08-06', ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
            .on('error', reject)
            .end();
        });
      const good = { iss: 'https://sts.windows.net/0b4c2d6e-1111-2222-3333-444455556666/', aud: 'https://storage.azure.com', exp: now + 3600 };
      expect(await list(await bearer(good))).toBe(200);
      // Refused as Azure Storage refuses: 403 AuthenticationFailed (another resource's token, another issuer, expired, none).
      expect(await list(await bearer({ ...good, aud: 'https://graph.microsoft.com' }))).toBe(403);
      expect(await list(await bearer({ ...good, iss: 'https://login.example.com/' }))).toBe(403);
      expect(await list(await bearer({ ...good, exp: now - 600 }))).toBe(403);
      expect(await list()).toBe(403);
    } finally {
      await azurite.stop();
    }
  }, 60_000);

  it('dies with its parent, even when the parent is killed with SIGKILL', async () => {
    const { command, args } = azuriteCommand();
    // A parent that starts Azurite the way startAzurite does, reports its pid, and then just waits.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const { spawn } = require('node:child_process');
         const [command, ...args] = JSON.parse(process.argv[1]);
         const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
         let out = '';
         child.stdout.on('data', (d) => { out += d; if (out.includes('Table service is successfully listening')) console.log('PID ' + child.pid); });
         setInterval(() => {}, 1000);`,
        JSON.stringify([command, ...args]),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /PID (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      parent.once('exit', () => reject(new Error(`parent exited: ${out}`)));
    });
    expect(running(pid)).toBe(true);
    parent.kill('SIGKILL');
    const gone = await until(() => !running(pid), 10_000);
    if (!gone) process.kill(pid, 'SIGKILL'); // leave nothing behind even when the test fails
    expect(gone).toBe(true);
  }, 60_000);
});
