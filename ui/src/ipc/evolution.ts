import { call } from "./invoke";

export const evolutionApi = {
  /**
   * Tests `url` (or the saved address when empty). The saved key only goes to the saved
   * address; to test the key on another address, type it with `key`.
   */
  testConnection: (url: string | null, key: string | null) =>
    call("evolution_test_connection", { input: { url, key } }),
};
