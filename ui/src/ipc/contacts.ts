import type { ContactQuery, OptOutInput } from "./bindings";
import { call } from "./invoke";

export const contactsApi = {
  count: (query: ContactQuery) => call("contacts_count", { query }),
  /** Rows `offset..offset+limit` in the order the table shows them. */
  page: (query: ContactQuery, offset: number, limit: number) => call("contacts_page", { query, offset, limit }),
  get: (id: number) => call("contacts_get", { id }),
  remove: (ids: number[]) => call("contacts_delete", { ids }),
  tag: (ids: number[], tag: string) => call("contacts_tag", { ids, tag }),
  untag: (id: number, tag: string) => call("contacts_untag", { id, tag }),
  tags: () => call("tags_list", {}),
};

export const listsApi = {
  list: () => call("lists_list", {}),
  create: (name: string) => call("lists_create", { name }),
  remove: (id: number) => call("lists_delete", { id }),
};

export const optOutsApi = {
  list: () => call("optouts_list", {}),
  add: (input: OptOutInput) => call("optouts_add", { input }),
  remove: (phone: string) => call("optouts_remove", { phone }),
};
