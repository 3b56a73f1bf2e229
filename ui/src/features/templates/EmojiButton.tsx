import { ActionIcon, Center, Loader, Popover, Tooltip, useComputedColorScheme } from "@mantine/core";
import { IconMoodSmile } from "@tabler/icons-react";
import { Suspense, lazy, useState } from "react";
import { useTranslation } from "react-i18next";

// The picker and its emoji data load when first opened, from the app's own files: emoji are
// drawn by the system font (EmojiStyle native), so nothing is fetched from the internet.
const EmojiPicker = lazy(() => import("emoji-picker-react"));
const portuguese = () => import("emoji-picker-react/data/emojis-pt");

/** A toolbar button opening an emoji picker; the chosen emoji goes to `onPick`. */
export function EmojiButton({ onPick }: { onPick: (emoji: string) => void }) {
  const { t, i18n } = useTranslation();
  const scheme = useComputedColorScheme("light");
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" shadow="md" trapFocus>
      <Popover.Target>
        <Tooltip label={t("templates.toolbar.emoji")} withinPortal>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={t("templates.toolbar.emoji")}
            onClick={() => setOpened((o) => !o)}
            data-testid="toolbar-emoji"
          >
            <IconMoodSmile size={18} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="emoji-picker">
        {opened && (
          <Suspense
            fallback={
              <Center w={340} h={400}>
                <Loader size="sm" />
              </Center>
            }
          >
            <EmojiPicker
              emojiStyle="native"
              colorScheme={scheme}
              emojiData={i18n.language.startsWith("pt") ? portuguese : undefined}
              width={340}
              height={400}
              lazyLoadEmojis
              previewConfig={{ showPreview: false }}
              skinTonesDisabled={false}
              searchPlaceholder={t("templates.emoji.search")}
              labels={{
                searchPlaceholder: t("templates.emoji.search"),
                searchLabel: t("templates.emoji.search"),
                searchClear: t("templates.emoji.clear"),
                searchResultsNone: t("templates.emoji.none"),
                searchResultsOne: t("templates.emoji.one"),
                searchResultsMany: t("templates.emoji.many"),
                loading: t("templates.emoji.loading"),
                loadingError: t("templates.emoji.loadingError"),
                retryLoading: t("common.retry"),
                categoryNavigation: t("templates.emoji.categories"),
                skinToneNeutral: t("templates.emoji.skinNeutral"),
                skinToneLight: t("templates.emoji.skinLight"),
                skinToneMediumLight: t("templates.emoji.skinMediumLight"),
                skinToneMedium: t("templates.emoji.skinMedium"),
                skinToneMediumDark: t("templates.emoji.skinMediumDark"),
                skinToneDark: t("templates.emoji.skinDark"),
              }}
              onEmojiClick={(data) => onPick(data.emoji)}
            />
          </Suspense>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
