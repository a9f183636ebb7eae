import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { azuriteCommand, startAzurite } from './azurite';

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
