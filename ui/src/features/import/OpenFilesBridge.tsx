import { useEffect } from "react";
import { watchOpenedFiles } from "../../ipc";
import { useNavigateTo } from "../../components/navigation";
import { requestImport } from "./openedFiles";

/** Subscribes once to files opened with the app and sends the user to the import wizard. */
export function OpenFilesBridge() {
  const navigateTo = useNavigateTo();
  useEffect(() => {
    void watchOpenedFiles((file) => {
      requestImport(file.path);
      navigateTo("contacts");
    });
  }, [navigateTo]);
  return null;
}
