import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiFailure } from '../../api/client';
import type { DeclarableRole, DeclarationFinding } from '../../api/types';
import { asFailure, useApi, useApiClient } from '../../api/use-api';
import type { StringKey } from '../../i18n';
import { useI18n } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { useViewStyles } from '../table-styles';

const useStyles = makeStyles({
  role: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center', paddingBlock: tokens.spacingVerticalXS },
  note: { color: tokens.colorNeutralForeground2, width: '100%' },
  blocked: { color: tokens.colorPaletteDarkOrangeForeground1, width: '100%' },
});

const CONFIRMER: Record<DeclarableRole['confirmedBy'], StringKey> = {
  sectionManager: 'declareBySectionManager',
  departmentManager: 'declareByDepartmentManager',
  programmeOffice: 'declareByOffice',
  nobody: 'declareByNobody',
};

function findingsOf(err: ApiFailure | undefined): DeclarationFinding[] {
  const details = err?.details as { errors?: DeclarationFinding[] } | undefined;
  return Array.isArray(details?.errors) ? details.errors : [];
}

/**
 * 役割の申し出 (手挙げ方式): the roles the programme opens to volunteers, each with who confirms it
 * and what stands in the way now (held, waiting, a full section, the grade); 申し出る asks for the
 * start date (today when blank) and sends it. The server checks everything again.
 */
export function RoleDeclarations() {
  const { t, label } = useI18n();
  const view = useViewStyles();
  const styles = useStyles();
  const { api, refreshAll } = useApiClient();
  const roles = useApi<DeclarableRole[]>('/api/me/declarations');
  const [asking, setAsking] = useState<DeclarableRole | undefined>();
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const at = (field: string): string | undefined => {
    const found = findingsOf(error).filter((f) => f.field === field);
    return found.length > 0 ? found.map((f) => label(f.message)).join(' ') : undefined;
  };
  const send = (role: DeclarableRole): void => {
    setBusy(true);
    setError(undefined);
    api.post<{ confirmedAtOnce: boolean }>('/api/me/declarations', { role: role.id, ...(date.trim() ? { date: date.trim() } : {}) }).then(
      (out) => {
        setBusy(false);
        setAsking(undefined);
        setDate('');
        setDone(out.confirmedAtOnce ? t('declareRecorded', { role: label(role.label) }) : t('declareSent', { role: label(role.label), who: t(CONFIRMER[role.confirmedBy]) }));
        // 自分の報告 lists it; held at once where nobody confirms.
        refreshAll();
        roles.reload();
      },
      (err: unknown) => {
        setBusy(false);
        setError(asFailure(err));
      },
    );
  };
  if (!roles.data || roles.data.length === 0) return roles.error ? <ErrorBar error={roles.error} onRetry={roles.reload} /> : null;
  return (
    <section className={view.section} aria-labelledby="role-declarations">
      <h2 className={view.subheading} id="role-declarations">
        {t('declareHeading')}
      </h2>
      <p className={view.muted}>{t('declareIntro')}</p>
      {done && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      {roles.data.map((r) => (
        <div key={r.id} className={styles.role} data-role={r.id}>
          <Button appearance="primary" disabled={r.blocked.length > 0} onClick={() => {
              setAsking(r);
              setError(undefined);
            }}>
            {t('declareButton', { role: label(r.label) })}
          </Button>
          <span className={view.muted}>{t('declareConfirmedBy', { who: t(CONFIRMER[r.confirmedBy]) })}</span>
          {r.description && <span className={styles.note}>{label(r.description)}</span>}
          {r.blocked.map((f) => (
            <span key={f.code} className={styles.blocked}>
              {label(f.message)}
            </span>
          ))}
          {r.warnings.map((f) => (
            <span key={f.code} className={styles.note}>
              {label(f.message)}
            </span>
          ))}
        </div>
      ))}
      {asking && (
        <Dialog open onOpenChange={(_e, d) => !d.open && setAsking(undefined)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>{t('declareButton', { role: label(asking.label) })}</DialogTitle>
              <DialogContent>
                <p>{t('declareConfirmedBy', { who: t(CONFIRMER[asking.confirmedBy]) })}</p>
                <Field label={t('declareDate')} validationState={at('date') ? 'error' : 'none'} validationMessage={at('date')}>
                  <Input value={date} placeholder="2026-04-01" maxLength={20} onChange={(_e, d) => setDate(d.value)} />
                </Field>
                {error && !at('date') && <ErrorBar error={error} />}
              </DialogContent>
              <DialogActions>
                {busy && <Spinner size="tiny" />}
                <Button appearance="primary" disabled={busy} onClick={() => send(asking)}>
                  {t('declareSubmit')}
                </Button>
                <Button onClick={() => setAsking(undefined)}>{t('cancel')}</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </section>
  );
}
