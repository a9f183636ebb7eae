import type { SpColumnType } from '../../src/sharepoint/list-schema';
import { newGuid } from './ids';
import { badRequest, invalidRequest, notSupported } from './graph-error';
import { TEXT_MAX } from './field-values';
import type { Column } from './list-store';

/** A column as Graph's columnDefinition resource shows it, with its type facet. */
export function columnJson(c: Column): Record<string, unknown> {
  const out: Record<string, unknown> = {
    columnGroup: 'Custom Columns',
    description: c.description,
    displayName: c.displayName,
    enforceUniqueValues: false,
    hidden: false,
    id: c.id,
    indexed: c.indexed,
    name: c.name,
    readOnly: false,
    required: c.required,
  };
  switch (c.type) {
    case 'text':
      out.text = { allowMultipleLines: false, appendChangesToExistingText: false, linesForEditing: 0, maxLength: TEXT_MAX };
      break;
    case 'note':
      out.text = { allowMultipleLines: true, appendChangesToExistingText: false, linesForEditing: 6, textType: 'plain' };
      break;
    case 'number':
      out.number = { decimalPlaces: 'automatic', displayAs: 'number', maximum: Number.MAX_VALUE, minimum: -Number.MAX_VALUE };
      break;
    case 'boolean':
      out.boolean = {};
      break;
    case 'dateOnly':
    case 'dateTime':
      out.dateTime = { displayAs: 'default', format: c.type };
      break;
  }
  return out;
}

/** SharePoint internal names: letters, digits and underscores, at most 32 characters. */
const INTERNAL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;

const UNSUPPORTED_FACETS = ['calculated', 'choice', 'currency', 'lookup', 'personOrGroup', 'hyperlinkOrPicture', 'geolocation', 'term', 'thumbnail', 'contentApprovalStatus'];

/**
 * A column from a columnDefinition in a request (list-create's `columns`, columndefinition-post):
 * `{ name, displayName?, description?, indexed?, required?, text | number | boolean | dateTime }`.
 */
export function columnFromDefinition(def: unknown, id: string = newGuid()): Column {
  if (typeof def !== 'object' || def === null) throw badRequest('A columnDefinition object is expected.');
  const d = def as Record<string, unknown>;
  const name = d.name;
  if (typeof name !== 'string' || !INTERNAL_NAME.test(name)) {
    throw invalidRequest(`The column name ${JSON.stringify(name)} is not valid: letters, digits and underscores, starting with a letter, at most 32 characters.`);
  }
  const unsupported = UNSUPPORTED_FACETS.find((f) => d[f] !== undefined && d[f] !== null);
  if (unsupported) throw notSupported(`A '${unsupported}' column`);
  let type: SpColumnType | undefined;
  if (isObject(d.text)) type = (d.text as Record<string, unknown>).allowMultipleLines === true ? 'note' : 'text';
  else if (isObject(d.number)) type = 'number';
  else if (isObject(d.boolean)) type = 'boolean';
  else if (isObject(d.dateTime)) {
    const format = (d.dateTime as Record<string, unknown>).format ?? 'dateTime';
    if (format !== 'dateOnly' && format !== 'dateTime') throw invalidRequest(`dateTime.format must be 'dateOnly' or 'dateTime', not ${JSON.stringify(format)}.`);
    type = format;
  }
  if (!type) throw invalidRequest(`The column '${name}' needs a type facet: text, number, boolean or dateTime.`);
  return {
    id,
    name,
    displayName: typeof d.displayName === 'string' && d.displayName !== '' ? d.displayName : name,
    type,
    indexed: d.indexed === true,
    required: d.required === true,
    description: typeof d.description === 'string' ? d.description : '',
  };
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
