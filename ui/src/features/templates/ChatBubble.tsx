import { Box, Group, Text, useComputedColorScheme } from "@mantine/core";
import { IconChecks } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { MediaKind } from "../../ipc";
import { formatBytes } from "./draft";
import { MEDIA_ICONS } from "./mediaIcons";

/** WhatsApp's own colours for the chat, light and dark. */
export function useChatColors() {
  const dark = useComputedColorScheme("light") === "dark";
  return dark
    ? { chat: "#0b141a", bubble: "#005c4b", text: "#e9edef", meta: "rgba(233, 237, 239, 0.65)", header: "#202c33", card: "rgba(255, 255, 255, 0.08)", tick: "#53bdeb" }
    : { chat: "#efeae2", bubble: "#d9fdd3", text: "#111b21", meta: "#667781", header: "#008069", card: "rgba(0, 0, 0, 0.06)", tick: "#53bdeb" };
}

/** An outgoing message bubble, with its tail at the top right. */
export function ChatBubble({ children, testId }: { children: ReactNode; testId?: string }) {
  const colors = useChatColors();
  return (
    <Box
      data-testid={testId}
      style={{
        position: "relative",
        alignSelf: "flex-end",
        maxWidth: "88%",
        minWidth: 80,
        background: colors.bubble,
        color: colors.text,
        borderRadius: "8px 0 8px 8px",
        padding: "6px 8px 4px 9px",
        boxShadow: "0 1px 0.5px rgba(11, 20, 26, 0.13)",
        fontSize: 14.2,
        lineHeight: 1.45,
        overflowWrap: "anywhere",
      }}
    >
      <span
        aria-hidden="true"
        style={{
          position: "absolute",
          top: 0,
          right: -8,
          width: 0,
          height: 0,
          borderTop: `8px solid ${colors.bubble}`,
          borderRight: "8px solid transparent",
        }}
      />
      {children}
      <Group justify="flex-end" gap={3} mt={2}>
        <IconChecks size={16} color={colors.tick} aria-hidden="true" />
      </Group>
    </Box>
  );
}

/** The attachment as the bubble shows it: a local file cannot be displayed, so an icon card. */
export function MediaCard({ kind, fileName, sizeBytes }: { kind: MediaKind; fileName: string; sizeBytes: number }) {
  const { t, i18n } = useTranslation();
  const colors = useChatColors();
  const Icon = MEDIA_ICONS[kind];
  return (
    <Group gap="sm" wrap="nowrap" p={8} mb={4} style={{ background: colors.card, borderRadius: 6 }} data-testid="preview-media">
      <Icon size={30} stroke={1.4} />
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} truncate c={colors.text}>
          {fileName}
        </Text>
        <Text size="xs" c={colors.meta}>
          {t(`mediaKinds.${kind}`)} · {formatBytes(sizeBytes, i18n.language)}
        </Text>
      </div>
    </Group>
  );
}
