import { call } from "./invoke";

/** Server profiles: each has its own server, keys, contacts and campaigns. */
export const profilesApi = {
  list: () => call("profiles_list", {}),
  create: (name: string) => call("profiles_create", { name }),
  rename: (id: string, name: string) => call("profiles_rename", { id, name }),
  remove: (id: string) => call("profiles_delete", { id }),
  switchTo: (id: string) => call("profiles_switch", { id }),
};
