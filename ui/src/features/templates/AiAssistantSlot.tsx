import { AssistPanel } from "../assist/AssistPanel";
import { useComposer } from "./composer";

/** The AI assistant in the editor's right column: reads the draft, replaces it (undoable). */
export function AiAssistantSlot() {
  const { body, replaceBody } = useComposer();
  return <AssistPanel body={body} onUse={replaceBody} />;
}
