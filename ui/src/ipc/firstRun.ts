import { call } from "./invoke";

export const firstRunApi = {
  /** Tests the address with the key and saves both only when the server takes them. */
  connect: (url: string, key: string) => call("first_run_connect", { input: { url, key } }),
  /** A small list (the user's own number, plus made-up customers in demo mode) through the real import. */
  sampleList: (listName: string, ownName: string, ownNumber: string) =>
    call("first_run_sample_list", { input: { listName, ownName, ownNumber } }),
};

export const messagesApi = {
  /** One text from `instance` to `number`; the answer says whether the server stored it. */
  sendTest: (instance: string, number: string, text: string) => call("messages_send_test", { instance, number, text }),
};
