import { Button, Field, Select, Spinner } from '@fluentui/react-components';
import { sectionKey } from '../../../../src/domain/units';
import { ArrowLeft20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { MemberRow, MeView, SectionSummary, Unit } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useI18n } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { PersonProgressView } from '../my-step/my-step-view';
import { NominationDialog, type NominationPrefill } from '../nominations/nomination-dialog';
import { useViewStyles } from '../table-styles';
import { MembersTable } from './members-table';

/** The section's key for the picker (the same key the server builds). */
export const unitKey = (u: Unit): string => sectionKey(u);

/**
 * 所属: a section's members (the sections the caller manages; every section for the programme
 * office), a member's progress, and a nomination started from a row.
 */
export function SectionView({ me, pageSize }: { me: MeView; pageSize?: number }) {
  const { t } = useI18n();
  const styles = useViewStyles();
  const sections = useApi<SectionSummary[]>('/api/sections');
  const [picked, setPicked] = useState<string | undefined>();
  const [person, setPerson] = useState<MemberRow | undefined>();
  const [nominating, setNominating] = useState<NominationPrefill | undefined>();

  if (sections.error) return <ErrorBar error={sections.error} onRetry={sections.reload} />;
  if (!sections.data) return <Spinner label={t('loading')} />;
  const list = sections.data;
  if (list.length === 0) return <p>{t('noSections')}</p>;
  // The caller's own section first when they may see it, else the first one.
  const own = me.department && me.section ? list.find((s) => s.department === me.department && s.section === me.section) : undefined;
  const current = list.find((s) => unitKey(s) === picked) ?? own ?? list[0]!;
  const unit: Unit = { department: current.department, section: current.section };

  if (person) {
    return (
      <div className={styles.view}>
        <div>
          <Button icon={<ArrowLeft20Regular />} onClick={() => setPerson(undefined)}>
            {t('backToList')}
          </Button>
        </div>
        <PersonProgressView upn={person.upn} />
      </div>
    );
  }
  return (
    <div className={styles.view}>
      <div className={styles.toolbar}>
        <Field label={t('section')} className={styles.field}>
          <Select value={unitKey(current)} onChange={(_e, d) => setPicked(d.value)}>
            {list.map((s) => (
              <option key={unitKey(s)} value={unitKey(s)}>
                {t('sectionOption', { department: s.department, section: s.section, people: s.people })}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <MembersTable
        key={unitKey(unit)}
        unit={unit}
        pageSize={pageSize}
        onOpenPerson={setPerson}
        onNominate={(m) => setNominating({ unit, nomineeUpn: m.upn, nomineeName: m.name, nomineeGrade: m.grade })}
      />
      {nominating && <NominationDialog me={me} prefill={nominating} sections={list} onClose={() => setNominating(undefined)} />}
    </div>
  );
}
