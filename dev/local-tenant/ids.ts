import { createHash, randomUUID } from 'node:crypto';

/**
 * A GUID derived from a name, so what the local tenant seeds (tenant, site, lists, people) keeps
 * the same id across restarts and resets: configuration pointing at it stays valid.
 */
export function stableGuid(name: string): string {
  const h = createHash('sha1').update(`skillsteps-local-tenant:${name}`).digest('hex');
  // Shaped as a version-5 UUID (name-based, SHA-1), as Entra and SharePoint ids are UUIDs.
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A fresh random GUID. */
export function newGuid(): string {
  return randomUUID();
}

/** The Entra object id of a person, derived from their UPN (case-insensitive, as Entra treats UPNs). */
export function userObjectId(tenantId: string, upn: string): string {
  return stableGuid(`user:${tenantId}:${upn.toLowerCase()}`);
}

/**
 * The unique id SharePoint gives an item (the GUID in its eTag). Derived from the list id and the
 * item id instead of stored, because item ids are never reused within a list; it saves a string per item.
 */
export function itemGuid(listId: string, itemId: number): string {
  return `${listId.slice(0, 24)}${itemId.toString(16).padStart(12, '0')}`;
}
