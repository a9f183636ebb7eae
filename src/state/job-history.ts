import type { TableClient } from '@azure/data-tables';
import type { JobHistory, JobHistorySnapshot, JobRun } from '../ports';
import { toStateError } from './errors';
import { decodeKey, encodeKey, getText, putText, type Entity } from './table-values';

const JOBS = 'job';
const SCHEDULER = 'scheduler';
const HOLDER = 'holder';

/**
 * The scheduled jobs' history in one table, `<prefix>Jobs` (docs/state.md): a row per job
 * (PartitionKey `job`, RowKey its name) with its last run and its last done run as JSON, and one
 * row for the scheduler's holder and its last tick. Only the lease holder writes, so a merge is
 * enough; a holder that lost the lease mid-run writes at most one stale row, which the next run
 * replaces. A handful of rows: nothing to prune.
 */
export class TableJobHistory implements JobHistory {
  constructor(private readonly table: TableClient) {}

  async record(run: JobRun): Promise<void> {
    const entity: Entity = { partitionKey: JOBS, rowKey: encodeKey(run.job) };
    putText(entity, 'Last', JSON.stringify(run));
    if (run.finishedAt && run.done) putText(entity, 'LastDone', JSON.stringify(run));
    try {
      await this.table.upsertEntity(entity, 'Merge');
    } catch (e) {
      throw toStateError(e, `ジョブ ${run.job} の実行記録`);
    }
  }

  async heartbeat(instanceId: string, at: string): Promise<void> {
    try {
      await this.table.upsertEntity({ partitionKey: SCHEDULER, rowKey: HOLDER, InstanceId: instanceId.slice(0, 200), At: at }, 'Replace');
    } catch (e) {
      throw toStateError(e, 'スケジューラーの稼働記録');
    }
  }

  async read(): Promise<JobHistorySnapshot> {
    const out: JobHistorySnapshot = { jobs: new Map() };
    try {
      for await (const row of this.table.listEntities<Record<string, unknown>>()) {
        if (row.partitionKey === SCHEDULER && row.rowKey === HOLDER) {
          out.holder = { instanceId: String(row.InstanceId ?? ''), at: String(row.At ?? '') };
        } else if (row.partitionKey === JOBS) {
          out.jobs.set(decodeKey(String(row.rowKey)), { last: parseRun(getText(row, 'Last')), lastDone: parseRun(getText(row, 'LastDone')) });
        }
      }
    } catch (e) {
      throw toStateError(e, 'ジョブの実行記録の読み込み');
    }
    return out;
  }
}

/** A stored run, or nothing when the text is missing or not a run (written by another version). */
function parseRun(text: string | undefined): JobRun | undefined {
  if (!text) return undefined;
  try {
    const run = JSON.parse(text) as Partial<JobRun>;
    return typeof run.job === 'string' && typeof run.startedAt === 'string' ? (run as JobRun) : undefined;
  } catch {
    return undefined;
  }
}
