import {
  Badge,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiFailure } from '../../api/client';
import type { MeView, OfficeRemindResult, RoundEvaluatorView, RoundFinding, RoundOpened, RoundView } from '../../api/types';
import { asFailure, useApi, useApiClient } from '../../api/use-api';
import { useI18n } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { RemindOutcome } from '../follow-up/follow-up-view';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';

const useStyles = makeStyles({
  evaluator: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', paddingBlock: tokens.spacingVerticalXS },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  answer: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  error: { color: tokens.colorPaletteRedForeground1 },
});

interface RoundProject {
  id: string;
  title: string;
  fiscalYear: number;
  leaders: Array<{ upn: string; name: string }>;
  members: Array<{ upn: string; name: string }>;
}

interface EvaluatorDraft {
  perspective: string;
  upn: string;
  external: boolean;
  name: string;
  organisation: string;
}

/** The refusals a 422 (or 403/409) carries in details.errors, by field. */
function findingsOf(err: ApiFailure | undefined): RoundFinding[] {
  const details = err?.details as { errors?: RoundFinding[] } | undefined;
  return Array.isArray(details?.errors) ? details.errors : [];
}

/**
 * 評価ラウンド (真岡市: 報告会の多角的な評価). The office opens a round for a project — its evaluators by
 * the programme's perspectives, staff or outside the tenant —, sees who has answered, reminds the
 * others, enters outside evaluators' scores and closes the round (the scores then count at once). An
 * evaluator sees their own part and answers it here as on the card. The server checks everything again.
 */
export default function RoundsView({ me }: { me: MeView }) {
  const { t } = useI18n();
  const view = useViewStyles();
  const rounds = useApi<RoundView[]>('/api/rounds');
  const [opened, setOpened] = useState<RoundOpened | undefined>();
  const notReached = opened?.notReached ?? [];
  return (
    <div className={view.view}>
      {me.office && (
        <OpenRound
          perspectives={me.evaluations?.perspectives ?? []}
          onOpened={(out) => {
            setOpened(out);
            rounds.reload();
          }}
        />
      )}
      <section className={view.section} aria-labelledby="rounds-list">
        <h2 className={view.subheading} id="rounds-list">
          {me.office ? t('roundList') : t('roundYourPart')}
        </h2>
        {opened && (
          <MessageBar intent="success" role="status">
            <MessageBarBody>{t('roundOpened', { n: opened.requested })}</MessageBarBody>
          </MessageBar>
        )}
        {notReached.length > 0 && (
          // Whom Teams did not reach: the office contacts them (their part is open in the tab too).
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              {t('roundNotReached', {
                list: notReached.map((x) => t(x.reason === 'notInstalled' ? 'roundNotInstalled' : 'roundNotSent', { name: x.name })).join('、'),
              })}
            </MessageBarBody>
          </MessageBar>
        )}
        {rounds.error && <ErrorBar error={rounds.error} onRetry={rounds.reload} />}
        {rounds.loading && !rounds.data && <Spinner size="small" label={t('loading')} />}
        {rounds.data && rounds.data.length === 0 && <p className={view.muted}>{t('roundNone')}</p>}
        {rounds.data?.map((r) => <Round key={r.id} round={r} office={me.office} onChanged={rounds.reload} />)}
      </section>
    </div>
  );
}

function OpenRound({ perspectives, onOpened }: { perspectives: NonNullable<MeView['evaluations']>['perspectives']; onOpened: (out: RoundOpened) => void }) {
  const { t, label } = useI18n();
  const view = useViewStyles();
  const styles = useStyles();
  const { api } = useApiClient();
  const projects = useApi<RoundProject[]>('/api/rounds/projects');
  const blank = (): EvaluatorDraft => ({ perspective: perspectives[0]?.id ?? '', upn: '', external: false, name: '', organisation: '' });
  const [project, setProject] = useState('');
  const [evaluators, setEvaluators] = useState<EvaluatorDraft[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | undefined>();
  const chosen = projects.data?.find((p) => p.id === project);
  const findings = findingsOf(error);
  const at = (field: string): string | undefined => {
    const found = findings.filter((f) => f.field === field);
    return found.length > 0 ? found.map((f) => label(f.message)).join(' ') : undefined;
  };
  const set = (i: number, change: Partial<EvaluatorDraft>): void => setEvaluators(evaluators.map((e, j) => (j === i ? { ...e, ...change } : e)));
  const open = (): void => {
    setBusy(true);
    setError(undefined);
    const body = {
      project,
      evaluators: evaluators.map((e) => ({ upn: e.upn.trim(), perspective: e.perspective, ...(e.external ? { external: { name: e.name, ...(e.organisation.trim() ? { organisation: e.organisation } : {}) } } : {}) })),
    };
    api.post<RoundOpened>('/api/rounds', body).then(
      (out) => {
        setBusy(false);
        setProject('');
        setEvaluators([]);
        projects.reload();
        onOpened(out);
      },
      (err: unknown) => {
        setBusy(false);
        setError(asFailure(err));
      },
    );
  };
  // The findings the fields below do not show (the whole list's, or a refusal without fields).
  const elsewhere = error && (findings.length === 0 || findings.some((f) => f.field === 'evaluators'));

  return (
    <section className={view.section} aria-labelledby="round-open">
      <h2 className={view.subheading} id="round-open">
        {t('roundOpenHeading')}
      </h2>
      <p className={view.muted}>{t('roundOpenIntro')}</p>
      {projects.error && <ErrorBar error={projects.error} onRetry={projects.reload} />}
      <Field label={t('roundProjectField')} validationState={at('project') ? 'error' : 'none'} validationMessage={at('project')}>
        <Select value={project} onChange={(_e, d) => setProject(d.value)}>
          <option value="">{t('roundProjectChoose')}</option>
          {(projects.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {`${p.title}（${p.id}）`}
            </option>
          ))}
        </Select>
      </Field>
      {chosen && (
        <>
          <p>{t('roundLeaders', { names: chosen.leaders.map((l) => l.name).join(t('listSeparator')) })}</p>
          {chosen.members.length > 0 && <p className={view.muted}>{t('roundMembers', { names: chosen.members.map((m) => `${m.name}（${m.upn}）`).join(t('listSeparator')) })}</p>}
        </>
      )}
      {evaluators.map((e, i) => (
        <fieldset key={i} className={styles.evaluator} aria-label={t('roundEvaluator', { n: i + 1 })}>
          <Field label={t('roundPerspective')}>
            <Select value={e.perspective} onChange={(_x, d) => set(i, { perspective: d.value })}>
              {perspectives.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.aspect ? `${label(p.label)}（${label(p.aspect)}）` : label(p.label)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('roundEvaluatorUpn')} validationState={at(`evaluators.${i}`) ? 'error' : 'none'} validationMessage={at(`evaluators.${i}`)}>
            <Input value={e.upn} maxLength={200} onChange={(_x, d) => set(i, { upn: d.value })} />
          </Field>
          <Checkbox label={t('roundExternal')} checked={e.external} onChange={(_x, d) => set(i, { external: !!d.checked })} />
          {e.external && (
            <>
              <Field label={t('roundExternalName')} required>
                <Input value={e.name} maxLength={100} onChange={(_x, d) => set(i, { name: d.value })} />
              </Field>
              <Field label={t('roundExternalOrganisation')}>
                <Input value={e.organisation} maxLength={100} onChange={(_x, d) => set(i, { organisation: d.value })} />
              </Field>
            </>
          )}
          <Button size="small" onClick={() => setEvaluators(evaluators.filter((_x, j) => j !== i))}>
            {t('roundRemoveEvaluator', { n: i + 1 })}
          </Button>
        </fieldset>
      ))}
      <div className={styles.actions}>
        <Button onClick={() => setEvaluators([...evaluators, blank()])} disabled={perspectives.length === 0}>
          {t('roundAddEvaluator')}
        </Button>
        <Button appearance="primary" disabled={!project || evaluators.length === 0 || busy} onClick={open}>
          {t('roundOpen', { n: evaluators.length })}
        </Button>
        {busy && <Spinner size="tiny" />}
      </div>
      {elsewhere && <ErrorBar error={error} />}
    </section>
  );
}

function Round({ round: r, office, onChanged }: { round: RoundView; office: boolean; onChanged: () => void }) {
  const { t, label, dateTime } = useI18n();
  const view = useViewStyles();
  const table = useResponsiveTableStyles();
  const styles = useStyles();
  const { api, refreshAll } = useApiClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | undefined>();
  const [reminded, setReminded] = useState<(OfficeRemindResult & { outside: number }) | undefined>();
  const [closing, setClosing] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const path = `/api/rounds/${encodeURIComponent(r.id)}`;
  const failed = (err: unknown): void => {
    setBusy(false);
    setError(asFailure(err));
  };
  const remind = (): void => {
    setBusy(true);
    setError(undefined);
    api.post<OfficeRemindResult & { outside: number }>(`${path}/remind`).then((out) => {
      setBusy(false);
      setReminded(out);
    }, failed);
  };
  const close = (): void => {
    setBusy(true);
    setError(undefined);
    api.post<{ evaluations: number }>(`${path}/close`).then((out) => {
      setBusy(false);
      setClosing(false);
      setDone(t('roundClosed', { n: out.evaluations }));
      // The scores count at once: every view (マイステップ, プログラム) reads again.
      refreshAll();
      onChanged();
    }, failed);
  };
  const headingId = `round-${r.id}`;
  const cols = { name: t('name'), perspective: t('roundPerspective'), status: t('status'), scores: t('roundScores') };

  return (
    <section className={view.section} aria-labelledby={headingId} data-round={r.id}>
      <h3 className={view.subheading} id={headingId}>
        {r.project.title}{' '}
        <Badge color={r.open ? 'brand' : 'informative'} appearance="tint">
          {t(r.open ? 'roundStateOpen' : 'roundStateClosed')}
        </Badge>
      </h3>
      <p className={view.muted}>
        {[
          t('roundOpenedAt', { at: dateTime(r.openedAt) }),
          r.closedAt ? t('roundClosedAt', { at: dateTime(r.closedAt), who: r.closedBy?.name ?? '' }) : '',
          office ? t('roundAnsweredCount', { answered: r.answered, total: r.total }) : '',
          t('roundScaleHint', { min: r.scale.min, max: r.scale.max }),
        ]
          .filter(Boolean)
          .join(' / ')}
      </p>
      <p>{t('roundLeaders', { names: r.subjects.map((s) => (s.section ? `${s.name}（${s.section}）` : s.name)).join(t('listSeparator')) })}</p>
      {office && r.open && (
        <div className={styles.actions}>
          <Button disabled={busy || r.answered === r.total} onClick={remind}>
            {t('roundRemind')}
          </Button>
          <Button appearance="primary" disabled={busy} onClick={() => setClosing(true)}>
            {t('roundClose')}
          </Button>
        </div>
      )}
      {reminded && <RemindOutcome result={reminded} />}
      {reminded && reminded.outside > 0 && <p className={view.muted}>{t('roundOutside', { n: reminded.outside })}</p>}
      {done && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      {error && !closing && <ErrorBar error={error} />}
      <div className={view.scroll}>
        <Table className={table.table} aria-labelledby={headingId} size="small">
          <TableHeader className={table.header}>
            <TableRow>
              {(['name', 'perspective', 'status', 'scores'] as const).map((c) => (
                <TableHeaderCell key={c}>{cols[c]}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody className={table.body}>
            {r.evaluators.map((e) => (
              <TableRow key={e.rowId} className={table.row} data-evaluator={e.upn}>
                <TableCell className={table.cell} data-label={cols.name}>
                  {e.name}
                  {e.external ? `（${[e.organisation, t('roundExternal')].filter(Boolean).join('・')}）` : ''}
                </TableCell>
                <TableCell className={table.cell} data-label={cols.perspective}>
                  {e.perspective.aspect ? `${label(e.perspective.label)}（${label(e.perspective.aspect)}）` : label(e.perspective.label)}
                </TableCell>
                <TableCell className={table.cell} data-label={cols.status}>
                  <Badge color={e.answered ? 'success' : 'warning'} appearance="tint">
                    {e.answered ? t('roundAnswered', { at: dateTime(e.answeredAt) }) : t('roundNotAnswered')}
                  </Badge>
                </TableCell>
                <TableCell className={table.cell} data-label={cols.scores}>
                  {e.canAnswer ? <Answer round={r} evaluator={e} onSaved={onChanged} /> : (e.scores ?? []).join(' / ')}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>

      {closing && (
        <Dialog open onOpenChange={(_e, d) => !d.open && setClosing(false)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>{t('roundCloseTitle', { project: r.project.title })}</DialogTitle>
              <DialogContent>
                <p>{t('roundCloseText', { n: r.total - r.answered })}</p>
                {error && <ErrorBar error={error} />}
              </DialogContent>
              <DialogActions>
                {busy && <Spinner size="tiny" />}
                <Button appearance="primary" disabled={busy} onClick={close}>
                  {t('roundClose')}
                </Button>
                <Button onClick={() => setClosing(false)}>{t('cancel')}</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </section>
  );
}

/** The scores of one evaluator's part: their own, or an outside evaluator's for the office. */
function Answer({ round: r, evaluator: e, onSaved }: { round: RoundView; evaluator: RoundEvaluatorView; onSaved: () => void }) {
  const { t, label } = useI18n();
  const styles = useStyles();
  const { api, refreshAll } = useApiClient();
  const [scores, setScores] = useState<string[]>(r.subjects.map((_s, i) => (e.scores?.[i] !== undefined ? String(e.scores[i]) : '')));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | undefined>();
  const [saved, setSaved] = useState(false);
  const steps = Array.from({ length: r.scale.max - r.scale.min + 1 }, (_x, i) => String(r.scale.min + i));
  const findings = findingsOf(error);
  const at = (i: number): string | undefined => {
    const found = findings.filter((f) => f.field === `scores.${i}`);
    return found.length > 0 ? found.map((f) => label(f.message)).join(' ') : undefined;
  };
  const send = (): void => {
    setBusy(true);
    setError(undefined);
    setSaved(false);
    api.post(`/api/rounds/${encodeURIComponent(r.id)}/answer`, { scores, ...(e.external ? { evaluatorUpn: e.upn } : {}) }).then(
      () => {
        setBusy(false);
        setSaved(true);
        refreshAll();
        onSaved();
      },
      (err: unknown) => {
        setBusy(false);
        setError(asFailure(err));
      },
    );
  };
  return (
    <div className={styles.answer}>
      {r.subjects.map((s, i) => (
        <Field key={s.upn} label={t('roundScoreFor', { name: s.name })} validationState={at(i) ? 'error' : 'none'} validationMessage={at(i)}>
          <Select value={scores[i]} onChange={(_x, d) => setScores(scores.map((v, j) => (j === i ? d.value : v)))}>
            <option value="">{t('pickOne')}</option>
            {steps.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </Select>
        </Field>
      ))}
      <Button appearance="primary" size="small" disabled={busy} onClick={send} aria-label={`${t('roundSend')}（${e.name}）`}>
        {t('roundSend')}
      </Button>
      {saved && <span role="status">{t('roundSaved')}</span>}
      {error && findings.every((f) => !f.field.startsWith('scores.')) && <span className={styles.error}>{error.message}</span>}
    </div>
  );
}
