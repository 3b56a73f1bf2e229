import { Alert, Code, Collapse, Stack, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { toFailure } from "../ipc";
import { errorText } from "../lib/errors";

/** A translated error with the technical detail folded away underneath. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  const [open, { toggle }] = useDisclosure(false);
  const failure = toFailure(error);
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={title}
      data-testid="error-alert"
      data-code={failure.code}
    >
      <Stack gap={4}>
        <Text size="sm">{errorText(t, error)}</Text>
        {failure.message && (
          <>
            <UnstyledButton onClick={toggle}>
              <Text size="xs" c="dimmed" td="underline">
                {t("errors.detail")}
              </Text>
            </UnstyledButton>
            <Collapse expanded={open}>
              <Code block>{failure.message}</Code>
            </Collapse>
          </>
        )}
      </Stack>
    </Alert>
  );
}
