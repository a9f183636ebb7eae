import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { NETWORK, type ApiFailure } from '../api/client';
import { useI18n } from '../i18n';

/** A failed call as a MessageBar: the server's Japanese message (or ours for the network), with a retry. */
export function ErrorBar({ error, onRetry }: { error: ApiFailure; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('error')}</MessageBarTitle>
        {error.code === NETWORK ? t('networkError') : error.message}
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button size="small" onClick={onRetry}>
            {t('reload')}
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
