export * from "./bindings";
export { IpcFailure, toFailure } from "./invoke";
export { appApi } from "./app";
export { settingsApi } from "./settings";
export { evolutionApi } from "./evolution";
export { instancesApi, demoApi } from "./instances";
