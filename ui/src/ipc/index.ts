export * from "./bindings";
export { IpcFailure, toFailure } from "./invoke";
export { appApi } from "./app";
export { settingsApi } from "./settings";
export { evolutionApi } from "./evolution";
export { instancesApi, demoApi } from "./instances";
export { importApi } from "./import";
export { watchOpenedFiles } from "./files";
export { contactsApi, listsApi, optOutsApi } from "./contacts";
