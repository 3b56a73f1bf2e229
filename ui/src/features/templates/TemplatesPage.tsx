import { Button, Group, Stack, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TemplateView } from "../../ipc";
import { TemplateEditor } from "./TemplateEditor";
import { TemplateLibrary } from "./TemplateLibrary";

/** The template library; the editor opens in its place. */
export function TemplatesPage() {
  const { t } = useTranslation();
  // `key` remounts the editor for each template opened.
  const [editing, setEditing] = useState<{ template: TemplateView | null; key: number } | null>(null);
  const open = (template: TemplateView | null) => setEditing((e) => ({ template, key: (e?.key ?? 0) + 1 }));

  return (
    <Stack maw={1400} gap="lg" pb="xl">
      {editing ? (
        <TemplateEditor key={editing.key} template={editing.template} onClose={() => setEditing(null)} />
      ) : (
        <>
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={2}>{t("templates.title")}</Title>
              <Text c="dimmed">{t("templates.subtitle")}</Text>
            </div>
            <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)} data-testid="template-new">
              {t("templates.new")}
            </Button>
          </Group>
          <TemplateLibrary onOpen={open} onNew={() => open(null)} />
        </>
      )}
    </Stack>
  );
}
