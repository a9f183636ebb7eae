import { createHash } from 'node:crypto';
import type { BlockBlobClient } from '@azure/storage-blob';
import type { JobLease } from '../ports';
import { StateError, statusOf, storageCodeOf, toStateError } from './errors';

/** Blob leases last 15–60 seconds (or forever, which a job lease must never be). */
export const MIN_LEASE_SECONDS = 15;
export const MAX_LEASE_SECONDS = 60;

/**
 * The lease id an instance uses for a job: a GUID made from a hash of the two, so a process that
 * restarts on the same instance proposes the same id and takes its own lease back at once, while
 * any other instance is refused until the lease is released or runs out.
 */
export function leaseIdFor(instanceId: string, job: string): string {
  const h = createHash('sha256').update(`skillsteps-lease\n${instanceId}\n${job}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8: a custom, name-based UUID (RFC 9562)
  h[8] = (h[8]! & 0x3f) | 0x80; // the RFC variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A job lease on an empty blob `leases/<job>` (docs/state.md). `acquire` is acquire-or-renew: the
 * service renews a lease when the proposed id is the one holding it. The holder calls it again
 * well within `seconds` (every third of it, say); a holder that stops is replaced once it runs out.
 */
export class BlobJobLease implements JobLease {
  readonly leaseId: string;
  private created = false;

  constructor(
    private readonly blob: BlockBlobClient,
    readonly instanceId: string,
    readonly job: string,
    readonly seconds = 30,
  ) {
    if (!Number.isInteger(seconds) || seconds < MIN_LEASE_SECONDS || seconds > MAX_LEASE_SECONDS) {
      throw new StateError('STATE.INVALID', `ジョブのリース期間は ${MIN_LEASE_SECONDS}〜${MAX_LEASE_SECONDS} 秒です（${seconds}）`);
    }
    this.leaseId = leaseIdFor(instanceId, job);
  }

  async acquire(): Promise<boolean> {
    const what = `ジョブ ${this.job} のリース`;
    for (let attempt = 0; ; attempt++) {
      try {
        if (!this.created) await this.createBlob();
        await this.blob.getBlobLeaseClient(this.leaseId).acquireLease(this.seconds);
        return true;
      } catch (e) {
        if (statusOf(e) === 409 && storageCodeOf(e) === 'LeaseAlreadyPresent') return false;
        // Someone deleted the blob (a cleanup, a reset of the container): make it again, once.
        if (statusOf(e) === 404 && attempt === 0) {
          this.created = false;
          continue;
        }
        throw toStateError(e, what);
      }
    }
  }

  /** Lets the lease go if this instance holds it (nothing happens when it does not). */
  async release(): Promise<void> {
    try {
      await this.blob.getBlobLeaseClient(this.leaseId).releaseLease();
    } catch (e) {
      const code = storageCodeOf(e);
      // Not ours (anymore), no lease at all, or no blob: there is nothing of ours to let go.
      if (statusOf(e) === 404 || code === 'LeaseIdMismatchWithLeaseOperation' || code === 'LeaseNotPresentWithLeaseOperation') return;
      throw toStateError(e, `ジョブ ${this.job} のリースの解放`);
    }
  }

  private async createBlob(): Promise<void> {
    try {
      await this.blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
    } catch (e) {
      // It exists (and may be leased): that is all we need.
      if (statusOf(e) !== 409 && statusOf(e) !== 412) throw e;
    }
    this.created = true;
  }
}
