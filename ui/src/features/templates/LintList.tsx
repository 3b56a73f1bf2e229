import { Button, Group, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconAlertTriangle, IconCircleX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { LintProblem, TextRange } from "../../ipc";
import { fixLabel, lintMessage } from "./lintText";
import { type Change, fixFor } from "./textEdits";

/**
 * The problems of a text, in order: errors in red (they block saving), warnings in yellow.
 * Clicking one selects it in the text; a fix button applies the suggestion.
 */
export function LintList({
  id,
  problems,
  text,
  listChosen,
  onFix,
  onSelect,
  testId = "lint",
}: {
  id?: string;
  problems: LintProblem[];
  text: string;
  listChosen: boolean;
  onFix: (change: Change) => void;
  onSelect: (range: TextRange) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <Stack gap={6} id={id} role="list" aria-label={t("templates.lint.title")} data-testid={`${testId}-list`}>
      {problems.map((p, i) => {
        const fix = fixFor(text, p);
        const error = p.severity === "error";
        const Icon = error ? IconCircleX : IconAlertTriangle;
        return (
          <Group
            key={`${p.kind}-${p.range.utf16Start}-${i}`}
            role="listitem"
            gap="xs"
            wrap="nowrap"
            align="flex-start"
            data-testid={`${testId}-problem-${i}`}
            data-kind={p.kind}
            data-severity={p.severity}
          >
            <Icon
              size={18}
              color={error ? "var(--mantine-color-red-6)" : "var(--mantine-color-yellow-7)"}
              aria-label={t(error ? "templates.lint.error" : "templates.lint.warning")}
              style={{ flexShrink: 0, marginTop: 1 }}
            />
            <Group gap={8} wrap="wrap" style={{ flex: 1 }}>
              <UnstyledButton onClick={() => onSelect(p.range)} title={t("templates.lint.show")}>
                <Text size="sm" data-testid={`${testId}-message-${i}`}>
                  {lintMessage(t, p, text, listChosen)}
                </Text>
              </UnstyledButton>
              {fix && (
                <Button
                  size="compact-xs"
                  variant="light"
                  color={error ? "red" : "yellow"}
                  onClick={() => onFix(fix)}
                  data-testid={`${testId}-fix-${i}`}
                >
                  {fixLabel(t, p)}
                </Button>
              )}
            </Group>
          </Group>
        );
      })}
    </Stack>
  );
}
