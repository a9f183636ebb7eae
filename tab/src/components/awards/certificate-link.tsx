import { Link } from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiFailure } from '../../api/client';
import type { AwardView } from '../../api/types';
import { asFailure, useApiClient } from '../../api/use-api';
import { useI18n } from '../../i18n';
import { ErrorBar } from '../error-bar';

/**
 * A 認定証 (PDF) fetched with the caller's token (the server gives it to its holder and the office
 * only) and handed to the browser to save or print. `path` fetches another PDF (the office's specimen).
 */
export function CertificateLink({ award, path, text }: { award?: AwardView; path?: string; text?: string }) {
  const { t } = useI18n();
  const { api } = useApiClient();
  const [error, setError] = useState<ApiFailure | undefined>();
  const url = path ?? `/api/awards/${encodeURIComponent(award?.id ?? '')}/certificate`;
  const open = (): void => {
    setError(undefined);
    api.download(url).then(
      ({ blob }) => {
        const href = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = href;
        a.download = `認定証-${award?.serial ?? 'specimen'}.pdf`;
        a.click();
        setTimeout(() => URL.revokeObjectURL(href), 60_000);
      },
      (err: unknown) => setError(asFailure(err)),
    );
  };
  return (
    <>
      <Link as="button" onClick={open} data-certificate={award?.id ?? 'specimen'}>
        {text ?? t('certificatePdf')}
      </Link>
      {error && <ErrorBar error={error} />}
    </>
  );
}
