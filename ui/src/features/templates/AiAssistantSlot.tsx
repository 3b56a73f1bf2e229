import { Badge, Group, Paper, Text } from "@mantine/core";
import { IconSparkles } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/**
 * EXTENSION POINT: the AI assistant (draft a message, rewrite it, make variations).
 *
 * The template editor renders this in its right column, inside `ComposerContext`. Replace the
 * body of this component with the assistant's panel: read the draft with `useComposer()` from
 * `./composer` (name, body, list, latest check, usable fields) and write back with
 * `replaceBody(text)` (undoable with Ctrl+Z) or `insertText(text)`. Nothing else in the editor
 * needs to change.
 */
export function AiAssistantSlot() {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" style={{ borderStyle: "dashed" }} data-testid="ai-assistant-slot">
      <Group gap="xs">
        <IconSparkles size={18} color="var(--mantine-color-grape-6)" />
        <Text fw={600} size="sm">
          {t("templates.ai.title")}
        </Text>
        <Badge size="xs" variant="light" color="gray">
          {t("templates.ai.soon")}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {t("templates.ai.description")}
      </Text>
    </Paper>
  );
}
