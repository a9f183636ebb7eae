import { sectionKey } from '../../../../src/domain/units';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ApiFailure, seg, withQuery } from '../../api/client';
import type {
  MembersPage,
  MeView,
  NominationCreated,
  NominationErrorDetails,
  NominationFinding,
  NominationRequestBody,
  SectionSummary,
  Unit,
} from '../../api/types';
import { asFailure, useApi, useApiClient } from '../../api/use-api';
import { useI18n, type I18n } from '../../i18n';
import { ErrorBar } from '../error-bar';

export interface NominationPrefill {
  unit?: Unit;
  nomineeUpn?: string;
  /** How the preselected person is shown until the section's members have loaded. */
  nomineeName?: string;
  nomineeGrade?: string;
}

export interface NominationDialogProps {
  me: MeView;
  prefill?: NominationPrefill;
  /** The caller's sections when already loaded (所属); read from GET /api/sections otherwise. */
  sections?: SectionSummary[];
  onClose: () => void;
  /** After a nomination was created (201): refresh the lists. */
  onCreated?: (created: NominationCreated) => void;
}

type Outcome =
  | { kind: 'refused'; errors: NominationFinding[]; warnings: NominationFinding[] }
  | { kind: 'confirm'; warnings: NominationFinding[] }
  | { kind: 'created'; created: NominationCreated }
  | { kind: 'failed'; error: ApiFailure };

const MEMBER_LIMIT = 200;


export interface NominationDialogState {
  i18n: I18n;
  sections?: SectionSummary[];
  sectionsError?: ApiFailure;
  unitKey: string;
  setUnitKey: (k: string) => void;
  filter: string;
  setFilter: (s: string) => void;
  nominees: Array<{ upn: string; name: string; grade: string }>;
  nomineesTruncated?: { shown: number; total: number };
  membersLoading: boolean;
  membersError?: ApiFailure;
  nomineeUpn: string;
  setNomineeUpn: (upn: string) => void;
  roles: MeView['programme']['nominatedRoles'];
  role: string;
  setRole: (r: string) => void;
  holders: Array<{ upn: string; name: string }>;
  replacesUpn: string;
  setReplacesUpn: (upn: string) => void;
  reason: string;
  setReason: (s: string) => void;
  submitting: boolean;
  outcome?: Outcome;
  canSubmit: boolean;
  submit: (confirmWarnings: boolean) => void;
  onClose: () => void;
}

/**
 * 推薦する: the nominee (from the caller's sections), the role, whom they replace and why, sent to
 * POST /api/nominations. The server checks the rules: 422 lists every reason it refuses, 409 asks
 * to confirm its warnings (then the same request goes again with confirmWarnings), 201 created it.
 */
export function useNominationDialogState(props: NominationDialogProps): NominationDialogState {
  const i18n = useI18n();
  const { api } = useApiClient();
  const loadedSections = useApi<SectionSummary[]>(props.sections ? null : '/api/sections');
  const sections = props.sections ?? loadedSections.data;
  const [unitChoice, setUnitKey] = useState<string | undefined>(props.prefill?.unit ? sectionKey(props.prefill.unit) : undefined);
  const own = props.me.department && props.me.section ? sectionKey({ department: props.me.department, section: props.me.section }) : undefined;
  const unit =
    sections?.find((s) => sectionKey(s) === unitChoice) ?? sections?.find((s) => sectionKey(s) === own) ?? sections?.[0] ?? props.prefill?.unit;
  const [filter, setFilter] = useState('');
  const members = useApi<MembersPage>(
    unit ? withQuery(`/api/sections/${seg(unit.department)}/${seg(unit.section)}/members`, { sort: 'name', limit: MEMBER_LIMIT }) : null,
  );
  const [nomineeUpn, setNomineeUpn] = useState(props.prefill?.nomineeUpn ?? '');
  const roles = props.me.programme.nominatedRoles;
  const [role, setRole] = useState(roles.length === 1 ? roles[0]!.id : '');
  const [replacesUpn, setReplacesUpn] = useState('');
  const [reason, setReason] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  const items = members.data?.items ?? [];
  const f = filter.normalize('NFKC').trim().toLowerCase();
  const nominees = items
    .filter((m) => !f || m.upn === nomineeUpn || m.name.normalize('NFKC').toLowerCase().includes(f) || m.upn.includes(f))
    .map((m) => ({ upn: m.upn, name: m.name, grade: m.grade }));
  if (nomineeUpn && !nominees.some((m) => m.upn === nomineeUpn)) {
    const known = props.prefill?.nomineeUpn === nomineeUpn ? props.prefill : undefined;
    nominees.unshift({ upn: nomineeUpn, name: known?.nomineeName ?? nomineeUpn, grade: known?.nomineeGrade ?? '' });
  }
  const holders = role ? items.filter((m) => m.upn !== nomineeUpn && m.roles.some((r) => r.role === role)).map((m) => ({ upn: m.upn, name: m.name })) : [];

  const submit = (confirmWarnings: boolean): void => {
    if (!nomineeUpn || !role || submitting) return;
    const body: NominationRequestBody = {
      nomineeUpn,
      role,
      section: unit?.section,
      replacesUpn: replacesUpn || undefined,
      reason: reason.trim() || undefined,
      confirmWarnings: confirmWarnings || undefined,
    };
    setSubmitting(true);
    api.post<NominationCreated>('/api/nominations', body).then(
      (created) => {
        setSubmitting(false);
        setOutcome({ kind: 'created', created });
        props.onCreated?.(created);
      },
      (err: unknown) => {
        setSubmitting(false);
        const failure = asFailure(err);
        const details = (failure.details ?? {}) as NominationErrorDetails;
        if (failure.status === 422 && details.errors) setOutcome({ kind: 'refused', errors: details.errors, warnings: details.warnings ?? [] });
        else if (failure.status === 409 && details.warnings) setOutcome({ kind: 'confirm', warnings: details.warnings });
        else setOutcome({ kind: 'failed', error: failure });
      },
    );
  };
  // Changing the request makes an earlier answer stale.
  const changed =
    <T,>(set: (v: T) => void) =>
    (v: T): void => {
      set(v);
      if (outcome?.kind !== 'created') setOutcome(undefined);
    };

  return {
    i18n,
    sections,
    sectionsError: loadedSections.error,
    unitKey: unit ? sectionKey(unit) : '',
    setUnitKey: changed((k: string) => {
      setUnitKey(k);
      setNomineeUpn('');
      setReplacesUpn('');
    }),
    filter,
    setFilter,
    nominees,
    nomineesTruncated: members.data && members.data.total > items.length ? { shown: items.length, total: members.data.total } : undefined,
    membersLoading: members.loading,
    membersError: members.error,
    nomineeUpn,
    setNomineeUpn: changed(setNomineeUpn),
    roles,
    role,
    setRole: changed((r: string) => {
      setRole(r);
      setReplacesUpn('');
    }),
    holders,
    replacesUpn,
    setReplacesUpn: changed(setReplacesUpn),
    reason,
    setReason: changed(setReason),
    submitting,
    outcome,
    canSubmit: !!nomineeUpn && !!role && !submitting && outcome?.kind !== 'created',
    submit,
    onClose: props.onClose,
  };
}

export const useNominationDialogStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  findings: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  surface: { maxWidth: 'min(600px, calc(100vw - 24px))' },
});

export function renderNominationDialog(state: NominationDialogState, styles: ReturnType<typeof useNominationDialogStyles>) {
  const { t, label } = state.i18n;
  const findings = (list: NominationFinding[]) => (
    <ul className={styles.findings}>
      {list.map((f, i) => (
        <li key={`${f.code}-${i}`}>{label(f.message)}</li>
      ))}
    </ul>
  );
  const o = state.outcome;
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && state.onClose()}>
      <DialogSurface className={styles.surface}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            state.submit(false);
          }}
        >
          <DialogBody>
            <DialogTitle>{t('nominate')}</DialogTitle>
            <DialogContent className={styles.form}>
              {state.sectionsError && <ErrorBar error={state.sectionsError} />}
              {state.sections && (
                <Field label={t('section')}>
                  <Select value={state.unitKey} onChange={(_e, d) => state.setUnitKey(d.value)}>
                    {state.sections.map((s) => (
                      <option key={sectionKey(s)} value={sectionKey(s)}>
                        {t('sectionOption', { department: s.department, section: s.section, people: s.people })}
                      </option>
                    ))}
                  </Select>
                </Field>
              )}
              <Field label={t('findByName')}>
                <Input value={state.filter} onChange={(_e, d) => state.setFilter(d.value)} />
              </Field>
              <Field
                label={t('nominee')}
                required
                hint={state.nomineesTruncated ? t('nomineeTruncated', state.nomineesTruncated) : undefined}
                validationMessage={state.membersError?.message}
              >
                <Select value={state.nomineeUpn} onChange={(_e, d) => state.setNomineeUpn(d.value)}>
                  <option value="">{state.membersLoading ? t('loading') : t('pickNominee')}</option>
                  {state.nominees.map((m) => (
                    <option key={m.upn} value={m.upn}>
                      {m.grade ? `${m.name}（${m.grade}）` : m.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={t('role')} required>
                <Select value={state.role} onChange={(_e, d) => state.setRole(d.value)}>
                  <option value="">{t('chooseRole')}</option>
                  {state.roles.map((r) => (
                    <option key={r.id} value={r.id}>
                      {label(r.label)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={t('replaces')}>
                <Select value={state.replacesUpn} onChange={(_e, d) => state.setReplacesUpn(d.value)} disabled={state.holders.length === 0}>
                  <option value="">{t('noReplacement')}</option>
                  {state.holders.map((m) => (
                    <option key={m.upn} value={m.upn}>
                      {m.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={t('reason')}>
                <Textarea value={state.reason} onChange={(_e, d) => state.setReason(d.value)} resize="vertical" maxLength={2000} />
              </Field>
              {o?.kind === 'refused' && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>{t('nominationRefused')}</MessageBarTitle>
                    {findings(o.errors)}
                    {o.warnings.length > 0 && (
                      <>
                        <div>{t('nominationWarnings')}</div>
                        {findings(o.warnings)}
                      </>
                    )}
                  </MessageBarBody>
                </MessageBar>
              )}
              {o?.kind === 'confirm' && (
                <MessageBar intent="warning" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>{t('nominationWarnings')}</MessageBarTitle>
                    {findings(o.warnings)}
                  </MessageBarBody>
                  <MessageBarActions>
                    <Button appearance="primary" disabled={state.submitting} onClick={() => state.submit(true)}>
                      {t('confirmWarnings')}
                    </Button>
                  </MessageBarActions>
                </MessageBar>
              )}
              {o?.kind === 'created' && (
                <MessageBar intent="success" layout="multiline">
                  <MessageBarBody>
                    <div>{t('nominationCreated', { approver: o.created.approverName ?? o.created.approverUpn ?? t('notSet') })}</div>
                    {!o.created.approverNotified && <div>{t('approverNotNotified')}</div>}
                    {o.created.warnings.length > 0 && findings(o.created.warnings)}
                  </MessageBarBody>
                </MessageBar>
              )}
              {o?.kind === 'failed' && <ErrorBar error={o.error} />}
            </DialogContent>
            <DialogActions>
              {state.submitting && <Spinner size="tiny" />}
              {o?.kind !== 'created' && (
                <Button appearance="primary" type="submit" disabled={!state.canSubmit || o?.kind === 'confirm'}>
                  {t('nominate')}
                </Button>
              )}
              <Button onClick={state.onClose}>{o?.kind === 'created' ? t('close') : t('cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

export function NominationDialog(props: NominationDialogProps) {
  return renderNominationDialog(useNominationDialogState(props), useNominationDialogStyles());
}
