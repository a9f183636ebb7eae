import type { FieldValue } from './field-values';
import { itemGuid } from './ids';
import type { ListStore, StoredItem } from './list-store';
import type { ItemShape } from './odata-options';
import type { Actor, SiteStore } from './site-store';

/** The eTag SharePoint gives an item: its GUID and version, quoted. */
export function itemETag(list: ListStore, item: StoredItem): string {
  return `"${itemGuid(list.id, item.id)},${item.version}"`;
}

const CONTENT_TYPE_JSON = JSON.stringify({ id: '0x0100', name: 'Item' });
const SHAREPOINT_APP_LOOKUP_ID = 1073741822;

/**
 * Renders items as Graph does (listitem-get, listitem-list), straight to JSON text: a page of
 * 5,000 items is 5,000 strings, not 5,000 object trees to build, serialise and collect. One
 * renderer per list and request, so what every item of a page shares (who wrote it, the parent
 * reference, the list URL) is serialised once.
 */
export class ItemRenderer {
  private readonly identities: string[];
  private readonly parent: string;
  /** `"https://…/DispForm.aspx?ID=` — the item id and closing quote follow. */
  private readonly webUrlOpen: string;

  constructor(
    private readonly site: SiteStore,
    private readonly list: ListStore,
    private readonly shape: ItemShape,
    siteUrl: string,
  ) {
    this.identities = site.actors.map((a) => JSON.stringify(identitySet(a)));
    this.parent = JSON.stringify({ id: list.id, siteId: site.identity.siteId });
    this.webUrlOpen = JSON.stringify(`${siteUrl}/Lists/${encodeURIComponent(list.name)}/DispForm.aspx?ID=`).slice(0, -1);
  }

  /** An item as JSON text, with its fields when the request expanded them. */
  itemJson(item: StoredItem): string {
    const etag = JSON.stringify(itemETag(this.list, item));
    const select = this.shape.select;
    if (select) return this.selectedJson(item, etag, select);
    let s =
      `{"@odata.etag":${etag},"createdDateTime":"${item.created}","eTag":${etag},"id":"${item.id}",` +
      `"lastModifiedDateTime":"${item.modified}","webUrl":${this.webUrlOpen}${item.id}",` +
      `"createdBy":${this.identity(item.author)},"lastModifiedBy":${this.identity(item.editor)},` +
      `"parentReference":${this.parent},"contentType":${CONTENT_TYPE_JSON}`;
    if (this.shape.fields !== undefined) s += `,"fields":${this.fieldsJson(item, etag)}`;
    return s + '}';
  }

  /**
   * `$select` on the item: `@odata.etag` and the named properties that exist, in the order asked.
   * A sync selects `id,fields` on every page of a long read, so this is rendered directly too.
   */
  private selectedJson(item: StoredItem, etag: string, select: Set<string>): string {
    let s = `{"@odata.etag":${etag}`;
    for (const k of select) {
      const v = this.property(item, etag, k);
      if (v !== undefined) s += `,${JSON.stringify(k)}:${v}`;
    }
    return s + '}';
  }

  /** One listItem property as JSON, or undefined when the item has no such property. */
  private property(item: StoredItem, etag: string, name: string): string | undefined {
    switch (name) {
      case 'createdDateTime':
        return `"${item.created}"`;
      case 'eTag':
        return etag;
      case 'id':
        return `"${item.id}"`;
      case 'lastModifiedDateTime':
        return `"${item.modified}"`;
      case 'webUrl':
        return `${this.webUrlOpen}${item.id}"`;
      case 'createdBy':
        return this.identity(item.author);
      case 'lastModifiedBy':
        return this.identity(item.editor);
      case 'parentReference':
        return this.parent;
      case 'contentType':
        return CONTENT_TYPE_JSON;
      case 'fields':
        return this.shape.fields !== undefined ? this.fieldsJson(item, etag) : undefined;
      default:
        return undefined;
    }
  }

  /** An item as an object, for single-item replies. */
  item(item: StoredItem): Record<string, unknown> {
    return JSON.parse(this.itemJson(item)) as Record<string, unknown>;
  }

  /** An item's fields as an object (items/{id}/fields), with the item's @odata.etag. */
  fields(item: StoredItem): Record<string, unknown> {
    return JSON.parse(this.fieldsJson(item, JSON.stringify(itemETag(this.list, item)))) as Record<string, unknown>;
  }

  /**
   * listitem-update's reply: the fieldValueSet as the documented example shows it, column values
   * and no @odata.etag — so a client that wants the new eTag has to read the item, as it would have to
   * against Graph.
   */
  updatedFields(item: StoredItem): Record<string, unknown> {
    const out = this.fields(item);
    delete out['@odata.etag'];
    return out;
  }

  /**
   * The fields of an item: with no $select, every column that has a value (SharePoint leaves empty
   * ones out) and the system fields Graph adds; with $select, only those columns.
   */
  private fieldsJson(item: StoredItem, etag: string): string {
    let s = `{"@odata.etag":${etag}`;
    const selected = this.shape.fields;
    if (selected) {
      for (const name of selected) {
        const v = item.fields[name];
        if (v !== undefined) s += `,${JSON.stringify(name)}:${valueJson(v)}`;
        else if (name === 'id') s += `,"id":"${item.id}"`;
      }
      return s + '}';
    }
    for (const c of this.list.columns) {
      const v = item.fields[c.name];
      if (v !== undefined) s += `,"${c.name}":${valueJson(v)}`;
    }
    const title = JSON.stringify(item.fields.Title ?? '');
    return (
      s +
      `,"id":"${item.id}","ContentType":"Item","Modified":"${item.modified}","Created":"${item.created}",` +
      `"AuthorLookupId":"${this.lookupId(item.author)}","EditorLookupId":"${this.lookupId(item.editor)}",` +
      `"_UIVersionString":"${item.version}.0","Attachments":false,"Edit":"","LinkTitleNoMenu":${title},"LinkTitle":${title},` +
      `"ItemChildCount":"0","FolderChildCount":"0","_ComplianceFlags":"","_ComplianceTag":"","_ComplianceTagWrittenTime":"","_ComplianceTagUserId":""}`
    );
  }

  private identity(actor: number): string {
    return this.identities[actor] ?? '{"user":{"displayName":"System Account"}}';
  }

  private lookupId(actor: number): number {
    return this.site.actors[actor]?.lookupId ?? SHAREPOINT_APP_LOOKUP_ID;
  }
}

function valueJson(v: FieldValue): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Graph's identitySet: an app's writes show the application and SharePoint's "SharePoint App" user. */
export function identitySet(a: Actor): unknown {
  return a.kind === 'app'
    ? { application: { id: a.id, displayName: a.displayName }, user: { displayName: 'SharePoint App' } }
    : { user: { id: a.id, displayName: a.displayName, email: a.email } };
}
