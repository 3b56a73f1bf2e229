import { ActionIcon, Button, Divider, Group, Menu, Popover, Text, Tooltip } from "@mantine/core";
import {
  IconArrowsShuffle,
  IconBold,
  IconBraces,
  IconChevronDown,
  IconCode,
  IconHelp,
  IconItalic,
  IconStrikethrough,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { EmojiButton } from "./EmojiButton";
import { BUILTIN_FIELDS, fieldLabel } from "./fields";
import { SyntaxHelp } from "./SyntaxHelp";

export type Wrapper = "bold" | "italic" | "strike" | "mono";
export const MARKERS: Record<Wrapper, string> = { bold: "*", italic: "_", strike: "~", mono: "```" };
const WRAPPER_ICONS = { bold: IconBold, italic: IconItalic, strike: IconStrikethrough, mono: IconCode };

/** Insert a field, a spintax group or an emoji; wrap the selection in WhatsApp formatting. */
export function EditorToolbar({
  customFields,
  onField,
  onSpintax,
  onWrap,
  onEmoji,
}: {
  customFields: string[];
  onField: (field: string) => void;
  onSpintax: () => void;
  onWrap: (wrapper: Wrapper) => void;
  onEmoji: (emoji: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Group
      gap={4}
      px={6}
      py={4}
      role="toolbar"
      aria-label={t("templates.toolbar.label")}
      style={{ borderBottom: "1px solid var(--mantine-color-default-border)", background: "var(--mantine-color-default-hover)" }}
    >
      <Menu position="bottom-start" shadow="md" width={260}>
        <Menu.Target>
          <Button
            variant="subtle"
            color="gray"
            size="compact-sm"
            leftSection={<IconBraces size={16} />}
            rightSection={<IconChevronDown size={14} />}
            data-testid="toolbar-field"
          >
            {t("templates.toolbar.field")}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t("templates.toolbar.builtinFields")}</Menu.Label>
          {BUILTIN_FIELDS.map((f) => (
            <Menu.Item key={f} onClick={() => onField(f)} rightSection={<Text size="xs" c="dimmed" ff="monospace">{`{{${f}}}`}</Text>} data-testid={`field-item-${f}`}>
              {t(`templates.fields.${f}`)}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Label>{t("templates.toolbar.listFields")}</Menu.Label>
          {customFields.length === 0 ? (
            <Menu.Item disabled>{t("templates.toolbar.noListFields")}</Menu.Item>
          ) : (
            customFields.map((f) => (
              <Menu.Item key={f} onClick={() => onField(f)} rightSection={<Text size="xs" c="dimmed" ff="monospace">{`{{${f}}}`}</Text>} data-testid={`field-item-${f}`}>
                {fieldLabel(f)}
              </Menu.Item>
            ))
          )}
        </Menu.Dropdown>
      </Menu>
      <Button
        variant="subtle"
        color="gray"
        size="compact-sm"
        leftSection={<IconArrowsShuffle size={16} />}
        onClick={onSpintax}
        title={t("templates.toolbar.spintaxHint")}
        data-testid="toolbar-spintax"
      >
        {t("templates.toolbar.spintax")}
      </Button>
      <Divider orientation="vertical" mx={4} />
      {(Object.keys(MARKERS) as Wrapper[]).map((w) => {
        const Icon = WRAPPER_ICONS[w];
        return (
          <Tooltip key={w} label={t(`templates.toolbar.${w}`)} withinPortal>
            <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t(`templates.toolbar.${w}`)} onClick={() => onWrap(w)} data-testid={`toolbar-${w}`}>
              <Icon size={18} />
            </ActionIcon>
          </Tooltip>
        );
      })}
      <Divider orientation="vertical" mx={4} />
      <EmojiButton onPick={onEmoji} />
      <Popover position="bottom-end" shadow="md" width={340}>
        <Popover.Target>
          <ActionIcon variant="subtle" color="gray" size="lg" ml="auto" aria-label={t("templates.toolbar.help")} title={t("templates.toolbar.help")} data-testid="toolbar-help">
            <IconHelp size={18} />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown>
          <SyntaxHelp compact />
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
