import { call } from "./invoke";
import type { FolderKind } from "./bindings";

export const appApi = {
  status: () => call("app_status", {}),
  openFolder: (folder: FolderKind) => call("app_open_folder", { folder }),
};
