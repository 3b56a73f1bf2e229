import { call } from "./invoke";

export const evolutionApi = {
  /** Tests `url` (or the saved address when empty) with the saved global key. */
  testConnection: (url: string | null) => call("evolution_test_connection", { input: { url } }),
};
