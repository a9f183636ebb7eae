import { makeStyles, tokens } from '@fluentui/react-components';

/** Below this width (Teams' narrow panes, phones) tables turn into one card per row. */
export const NARROW = '@media (max-width: 600px)';

/**
 * Styles for a table that becomes stacked cards on narrow screens: each cell shows its column's
 * name from `data-label`, and the header row stays for screen readers only.
 */
export const useResponsiveTableStyles = makeStyles({
  table: { [NARROW]: { display: 'block' } },
  header: {
    [NARROW]: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
  },
  body: { [NARROW]: { display: 'block' } },
  row: {
    [NARROW]: {
      display: 'block',
      padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
      marginBottom: tokens.spacingVerticalS,
      border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      borderRadius: tokens.borderRadiusMedium,
    },
  },
  // Fixed layout: a long UPN or URL wraps inside its cell instead of running into the next one.
  cell: {
    overflowWrap: 'anywhere',
    [NARROW]: {
      display: 'flex',
      alignItems: 'baseline',
      gap: tokens.spacingHorizontalS,
      height: 'auto',
      minHeight: '28px',
      padding: `${tokens.spacingVerticalXXS} 0`,
      '::before': { content: 'attr(data-label)', fontWeight: tokens.fontWeightSemibold, minWidth: '7em', flexShrink: 0 },
    },
  },
  numeric: { textAlign: 'end', [NARROW]: { textAlign: 'start' } },
});

/** Layout shared by the views. */
export const useViewStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  danger: { color: tokens.colorPaletteRedForeground1 },
  scroll: { overflowX: 'auto', minWidth: 0 },
  field: { minWidth: '12em', flexGrow: 1, maxWidth: '28em' },
});
