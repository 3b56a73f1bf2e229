import type { ContactEditInput, ContactQuery, OptOutInput } from "./bindings";
import { call } from "./invoke";

export const contactsApi = {
  count: (query: ContactQuery) => call("contacts_count", { query }),
  /** Rows `offset..offset+limit` in the order the table shows them. */
  page: (query: ContactQuery, offset: number, limit: number) => call("contacts_page", { query, offset, limit }),
  get: (id: number) => call("contacts_get", { id }),
  /** Saves the edit form; the phone is repaired like an imported cell. */
  update: (id: number, input: ContactEditInput) => call("contacts_update", { id, input }),
  remove: (ids: number[]) => call("contacts_delete", { ids }),
  tag: (ids: number[], tag: string) => call("contacts_tag", { ids, tag }),
  untag: (id: number, tag: string) => call("contacts_untag", { id, tag }),
  tags: () => call("tags_list", {}),
};

export const listsApi = {
  list: () => call("lists_list", {}),
  create: (name: string) => call("lists_create", { name }),
  rename: (id: number, name: string) => call("lists_rename", { id, name }),
  remove: (id: number) => call("lists_delete", { id }),
};

export const optOutsApi = {
  list: () => call("optouts_list", {}),
  add: (input: OptOutInput) => call("optouts_add", { input }),
  remove: (phone: string) => call("optouts_remove", { phone }),
};
